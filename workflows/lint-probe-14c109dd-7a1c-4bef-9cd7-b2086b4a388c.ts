import { Hono } from 'hono';
export {};
