// Frozen: never edit after it has run anywhere; add a new migration instead.
import { type Kysely, sql } from 'kysely';

/** The read side the API queries: rebuilt from each aggregate's latest view, guarded by its version. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE orders (
      id uuid PRIMARY KEY,
      version integer NOT NULL,
      status text NOT NULL,
      order_type text,
      court_code text NOT NULL,
      pdu text NOT NULL,
      provider_org_ids text[] NOT NULL DEFAULT '{}',
      requirement_types text[] NOT NULL DEFAULT '{}',
      hearing_date date,
      sentence_date date,
      end_date date,
      opened_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      view jsonb NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX orders_pdu ON orders (pdu, status, id)`.execute(db);
  await sql`CREATE INDEX orders_court ON orders (court_code, status, id)`.execute(db);
  await sql`CREATE INDEX orders_status ON orders (status, id)`.execute(db);
  await sql`CREATE INDEX orders_providers ON orders USING gin (provider_org_ids)`.execute(db);

  await sql`
    CREATE TABLE requirements (
      id uuid PRIMARY KEY,
      order_id uuid NOT NULL,
      stage text NOT NULL CHECK (stage IN ('PRE_SENTENCE', 'SENTENCED')),
      version integer NOT NULL,
      type text NOT NULL,
      status text NOT NULL,
      provider_org_id text,
      pdu text NOT NULL,
      court_code text NOT NULL,
      period_start date,
      period_end date,
      updated_at timestamptz NOT NULL,
      view jsonb NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX requirements_order ON requirements (order_id)`.execute(db);
  await sql`CREATE INDEX requirements_provider ON requirements (provider_org_id, status, id)`.execute(db);
  await sql`CREATE INDEX requirements_pdu ON requirements (pdu, status, id)`.execute(db);

  const items = {
    appointments: sql`start_at timestamptz NOT NULL, kind text NOT NULL, enforceable boolean NOT NULL, outcome text`,
    drug_tests: sql`due_at timestamptz NOT NULL, outcome text`,
    reviews: sql`review_date date NOT NULL, mode text NOT NULL`,
  };
  for (const [table, columns] of Object.entries(items)) {
    await sql`
      CREATE TABLE ${sql.table(table)} (
        id uuid PRIMARY KEY,
        requirement_id uuid NOT NULL,
        order_id uuid NOT NULL,
        status text NOT NULL,
        ${columns},
        data jsonb NOT NULL
      )`.execute(db);
    await sql`CREATE INDEX ${sql.id(`${table}_requirement`)} ON ${sql.table(table)} (requirement_id)`.execute(
      db,
    );
  }

  await sql`
    CREATE TABLE incidents (
      id uuid PRIMARY KEY,
      order_id uuid NOT NULL,
      requirement_id uuid NOT NULL,
      source text NOT NULL,
      status text NOT NULL,
      occurred_at timestamptz NOT NULL,
      data jsonb NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX incidents_order ON incidents (order_id, occurred_at)`.execute(db);
  await sql`CREATE INDEX incidents_pending ON incidents (status) WHERE status = 'PENDING_DECISION'`.execute(
    db,
  );

  await sql`
    CREATE TABLE enforcement_actions (
      id uuid PRIMARY KEY,
      order_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('WARNING', 'REFERRAL', 'PROCEEDING')),
      status text NOT NULL,
      acted_on date NOT NULL,
      data jsonb NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX enforcement_actions_order ON enforcement_actions (order_id, acted_on)`.execute(db);

  await sql`
    CREATE TABLE deadlines (
      aggregate_id uuid NOT NULL,
      kind text NOT NULL,
      subject_id text NOT NULL,
      order_id uuid NOT NULL,
      requirement_id uuid,
      role text NOT NULL,
      org text NOT NULL,
      due_at timestamptz NOT NULL,
      description text NOT NULL,
      PRIMARY KEY (aggregate_id, kind, subject_id)
    )`.execute(db);
  await sql`CREATE INDEX deadlines_worklist ON deadlines (role, org, due_at)`.execute(db);
  await sql`CREATE INDEX deadlines_order ON deadlines (order_id)`.execute(db);

  for (const table of [
    'orders',
    'requirements',
    ...Object.keys(items),
    'incidents',
    'enforcement_actions',
    'deadlines',
  ]) {
    await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ${sql.table(table)} TO cstr_app`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const tables = ['deadlines', 'enforcement_actions', 'incidents', 'reviews', 'drug_tests', 'appointments'];
  for (const table of [...tables, 'requirements', 'orders'])
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
}
