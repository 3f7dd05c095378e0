import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

export const ping = defineSignal<[number]>('ping');
export const release = defineSignal('release');
export const fromChild = defineSignal<[string]>('fromChild');
export const fromParent = defineSignal<[string]>('fromParent');
export const count = defineQuery<number>('count');
export const add = defineUpdate<number, [number]>('add');
export const addViaActivity = defineUpdate<number, [number]>('addViaActivity');
export const finish = defineSignal('finish');
