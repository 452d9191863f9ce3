export const ROLES = ['user', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking: the authenticated subject and its roles. */
export interface Principal {
  readonly subject: string;
  readonly roles: ReadonlySet<Role>;
}

export function principal(subject: string, roles: Iterable<Role> = ['user']): Principal {
  return { subject, roles: new Set(roles) };
}
