import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../app/config';

describe('AUTH_MAX_TOKEN_AGE_SECONDS', () => {
  it('defaults to 12 hours, takes a positive number of seconds and stops the app on anything else', () => {
    expect(loadConfig({}).AUTH_MAX_TOKEN_AGE_SECONDS).toBe(43_200);
    expect(loadConfig({ AUTH_MAX_TOKEN_AGE_SECONDS: '3600' }).AUTH_MAX_TOKEN_AGE_SECONDS).toBe(3_600);
    for (const wrong of ['0', '-5', '12h', '1.5']) {
      expect(() => loadConfig({ AUTH_MAX_TOKEN_AGE_SECONDS: wrong })).toThrow(ConfigError);
    }
  });
});

describe('RATE_LIMIT_ANONYMOUS_PER_MINUTE', () => {
  it('defaults to 60 and takes a positive whole number', () => {
    expect(loadConfig({}).RATE_LIMIT_ANONYMOUS_PER_MINUTE).toBe(60);
    expect(loadConfig({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '5' }).RATE_LIMIT_ANONYMOUS_PER_MINUTE).toBe(5);
    expect(() => loadConfig({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0' })).toThrow(ConfigError);
  });
});

describe('API_PROCESSES', () => {
  it('defaults to 1, takes a whole number from 1 to 64, and stays 1 with the dev clock', () => {
    expect(loadConfig({}).API_PROCESSES).toBe(1);
    expect(loadConfig({ API_PROCESSES: '2' }).API_PROCESSES).toBe(2);
    for (const wrong of ['0', '1.5', '65', 'two'])
      expect(() => loadConfig({ API_PROCESSES: wrong })).toThrow(ConfigError);
    expect(() => loadConfig({ API_PROCESSES: '2', CSTR_ENGINE: 'in-process', CSTR_DEV_CLOCK: '1' })).toThrow(
      /API_PROCESSES/,
    );
  });
});

describe('KPI_SUPPRESSION_THRESHOLD', () => {
  it('defaults to 5 and takes a whole number from 1', () => {
    expect(loadConfig({}).KPI_SUPPRESSION_THRESHOLD).toBe(5);
    expect(loadConfig({ KPI_SUPPRESSION_THRESHOLD: '10' }).KPI_SUPPRESSION_THRESHOLD).toBe(10);
    for (const wrong of ['0', 'five', '2.5']) {
      expect(() => loadConfig({ KPI_SUPPRESSION_THRESHOLD: wrong })).toThrow(ConfigError);
    }
  });
});
