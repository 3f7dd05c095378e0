import { Kysely } from 'kysely';
export {};
