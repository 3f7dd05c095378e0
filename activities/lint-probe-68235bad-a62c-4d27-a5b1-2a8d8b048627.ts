async function f(): Promise<void> {}
f();
export {};
