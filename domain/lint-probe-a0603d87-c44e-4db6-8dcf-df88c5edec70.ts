import { proxyActivities } from '@temporalio/workflow';
import { z } from 'zod';
export const a = [proxyActivities, z];
export const b = Date.now();
export const c = new Date();
export const d = new Date('2026-03-22');
export const e = Math.random();
