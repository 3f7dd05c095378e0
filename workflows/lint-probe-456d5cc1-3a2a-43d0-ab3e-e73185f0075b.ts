import { Context } from '@temporalio/activity';
export {};
