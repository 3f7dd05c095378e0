import pg from 'pg';
export {};
