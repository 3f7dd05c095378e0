import crypto from 'crypto';
export {};
