import { readFile } from 'node:fs';
export {};
