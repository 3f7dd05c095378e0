// Frozen: never edit after it has run anywhere; add a new migration instead.
import { type Kysely, sql } from 'kysely';

/** NHS England's seven regions, which commission CSTR treatment, and Wales, where the Welsh NHS does. */
const REGIONS: readonly (readonly [string, string])[] = [
  ['Y56', 'London'],
  ['Y58', 'South West'],
  ['Y59', 'South East'],
  ['Y60', 'Midlands'],
  ['Y61', 'East of England'],
  ['Y62', 'North West'],
  ['Y63', 'North East and Yorkshire'],
  ['WALES', 'Wales'],
];

/**
 * Probation delivery units by the nDelius code of their probation region, which begins every PDU's code
 * (N07LDN is a London PDU): the twelve probation regions of England and Wales.
 */
const PROBATION_REGIONS: readonly (readonly [string, string, string])[] = [
  ['N07', 'London', 'Y56'],
  ['N50', 'Greater Manchester', 'Y62'],
  ['N51', 'North West', 'Y62'],
  ['N52', 'West Midlands', 'Y60'],
  ['N53', 'East Midlands', 'Y60'],
  ['N54', 'North East', 'Y63'],
  ['N55', 'Yorkshire and the Humber', 'Y63'],
  ['N56', 'East of England', 'Y61'],
  ['N57', 'Kent, Surrey and Sussex', 'Y59'],
  ['N58', 'South West', 'Y58'],
  ['N59', 'South Central', 'Y59'],
  ['N03', 'Wales', 'WALES'],
];

/**
 * Courts by the police force area in their organisation-unit code: a letter for the kind of court (B a
 * magistrates' court, C the Crown Court) and the area's two digits (B01LY00 is a London magistrates' court).
 */
const POLICE_FORCE_AREAS: readonly (readonly [string, string, string])[] = [
  ['01', 'Metropolitan', 'Y56'],
  ['48', 'City of London', 'Y56'],
  ['02', 'Cumbria', 'Y62'],
  ['03', 'Lancashire', 'Y62'],
  ['04', 'Merseyside', 'Y62'],
  ['05', 'Greater Manchester', 'Y62'],
  ['06', 'Cheshire', 'Y62'],
  ['07', 'Northumbria', 'Y63'],
  ['10', 'Durham', 'Y63'],
  ['11', 'North Yorkshire', 'Y63'],
  ['12', 'West Yorkshire', 'Y63'],
  ['13', 'South Yorkshire', 'Y63'],
  ['14', 'Humberside', 'Y63'],
  ['16', 'Cleveland', 'Y63'],
  ['20', 'West Midlands', 'Y60'],
  ['21', 'Staffordshire', 'Y60'],
  ['22', 'West Mercia', 'Y60'],
  ['23', 'Warwickshire', 'Y60'],
  ['30', 'Derbyshire', 'Y60'],
  ['31', 'Nottinghamshire', 'Y60'],
  ['32', 'Lincolnshire', 'Y60'],
  ['33', 'Leicestershire', 'Y60'],
  ['34', 'Northamptonshire', 'Y60'],
  ['35', 'Cambridgeshire', 'Y61'],
  ['36', 'Norfolk', 'Y61'],
  ['37', 'Suffolk', 'Y61'],
  ['40', 'Bedfordshire', 'Y61'],
  ['41', 'Hertfordshire', 'Y61'],
  ['42', 'Essex', 'Y61'],
  ['43', 'Thames Valley', 'Y59'],
  ['44', 'Hampshire', 'Y59'],
  ['45', 'Surrey', 'Y59'],
  ['46', 'Kent', 'Y59'],
  ['47', 'Sussex', 'Y59'],
  ['50', 'Devon and Cornwall', 'Y58'],
  ['52', 'Avon and Somerset', 'Y58'],
  ['53', 'Gloucestershire', 'Y58'],
  ['54', 'Wiltshire', 'Y58'],
  ['55', 'Dorset', 'Y58'],
  ['60', 'North Wales', 'WALES'],
  ['61', 'Gwent', 'WALES'],
  ['62', 'South Wales', 'WALES'],
  ['63', 'Dyfed-Powys', 'WALES'],
];

/**
 * The region each probation delivery unit and court is in, for commissioners' figures (issue 17): a unit's
 * region is that of the longest prefix of its code listed here. A unit no prefix matches counts in England and
 * Wales's figures and in no region's. Change the mapping by a new migration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE regions (code text PRIMARY KEY, name text NOT NULL)`.execute(db);
  await sql`
    CREATE TABLE unit_regions (
      kind text NOT NULL CHECK (kind IN ('PDU', 'COURT')),
      code_prefix text NOT NULL CHECK (code_prefix <> ''),
      name text NOT NULL,
      region text NOT NULL REFERENCES regions (code),
      PRIMARY KEY (kind, code_prefix)
    )`.execute(db);
  for (const [code, name] of REGIONS)
    await sql`INSERT INTO regions (code, name) VALUES (${code}, ${name})`.execute(db);
  for (const [prefix, name, region] of PROBATION_REGIONS)
    await sql`INSERT INTO unit_regions VALUES ('PDU', ${prefix}, ${name}, ${region})`.execute(db);
  for (const [area, name, region] of POLICE_FORCE_AREAS) {
    await sql`INSERT INTO unit_regions VALUES ('COURT', ${`B${area}`}, ${`${name} magistrates’ courts`}, ${region})`.execute(
      db,
    );
    await sql`INSERT INTO unit_regions VALUES ('COURT', ${`C${area}`}, ${`${name} Crown Court`}, ${region})`.execute(
      db,
    );
  }
  await sql`GRANT SELECT ON regions, unit_regions TO cstr_app`.execute(db);
  // KPIs read events of a few types, for the orders and requirements of a period, and appointments and drug
  // tests due in it.
  await sql`CREATE INDEX events_type_order ON events (type, order_id)`.execute(db);
  await sql`CREATE INDEX events_type_requirement ON events (type, requirement_id) WHERE requirement_id IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX appointments_start ON appointments (start_at)`.execute(db);
  await sql`CREATE INDEX drug_tests_due ON drug_tests (due_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX events_type_order, events_type_requirement, appointments_start, drug_tests_due`.execute(
    db,
  );
  await sql`DROP TABLE unit_regions`.execute(db);
  await sql`DROP TABLE regions`.execute(db);
}
