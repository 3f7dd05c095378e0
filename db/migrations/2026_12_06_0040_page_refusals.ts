// Frozen: never edit after it has run anywhere; add a new migration instead.
import { type Kysely, sql } from 'kysely';

/**
 * The pages' refusals join the API's in the security log: a form posted without its session's CSRF token, a
 * person or address past its rate limit, and a sign-in the identity provider's answer did not bear out.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE security_log DROP CONSTRAINT security_log_reason_check`.execute(db);
  await sql`
    ALTER TABLE security_log ADD CONSTRAINT security_log_reason_check CHECK (reason IN (
      'token-rejected', 'out-of-scope', 'no-such-resource', 'role-not-allowed',
      'csrf-rejected', 'rate-limited', 'sign-in-refused'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE security_log DROP CONSTRAINT security_log_reason_check`.execute(db);
  await sql`
    ALTER TABLE security_log ADD CONSTRAINT security_log_reason_check CHECK (reason IN (
      'token-rejected', 'out-of-scope', 'no-such-resource', 'role-not-allowed'))`.execute(db);
}
