import { sql } from 'kysely';

interface StoredPerson {
  givenName: string;
  familyName: string;
  crn?: string | null;
}

/** The person a case is about, as the order's view holds them (in a query that selects from `orders`). */
export const casePerson = sql<StoredPerson>`orders.view -> 'case' -> 'person'`;

/** The person as a list shows them: their names, and their CRN or null when it is not known. */
export function personJson(person: StoredPerson) {
  return { givenName: person.givenName, familyName: person.familyName, crn: person.crn ?? null };
}
