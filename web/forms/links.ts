import type { Role } from '../../domain/primitives';
import { govukDate } from '../render';
import { commandOf, forms } from './definitions';

/**
 * The forms a role may use on a requirement: those on the requirement itself, and those on each scheduled
 * appointment. The domain decides whether it is the moment for them; a form sent too early is refused there.
 */
export function formLinks(
  role: Role,
  requirementId: string,
  appointments: readonly { id?: string; start?: string; status?: string }[],
) {
  const allowed = forms.filter((f) => commandOf(f).roles.includes(role));
  const base = `/requirements/${requirementId}`;
  return allowed.flatMap((f) => {
    const path = commandOf(f).path;
    const href = path.replace(/^\/v1\/requirements\/\{requirementId\}/, base);
    if (!path.includes('{appointmentId}')) return [{ text: f.title, href }];
    return appointments
      .filter((a) => a.id && a.status === 'SCHEDULED')
      .map((a) => ({
        text: `${f.title}: ${govukDate(a.start, true)}`,
        href: href.replace('{appointmentId}', a.id!),
      }));
  });
}
