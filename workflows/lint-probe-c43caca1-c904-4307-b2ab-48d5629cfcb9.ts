import { Client } from '@temporalio/client';
export {};
