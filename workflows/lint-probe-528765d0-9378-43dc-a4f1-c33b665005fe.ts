import { createDb } from '../db/pool';
export {};
