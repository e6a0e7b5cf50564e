/**
 * Who is doing something, as recorded in the audit log. Until accounts exist
 * (the security issue), the API acts as `api` and the CLI as `cli`.
 */
export interface Actor {
  id: string;
}

export const apiActor: Actor = { id: 'api' };
export const cliActor: Actor = { id: 'cli' };
export const systemActor: Actor = { id: 'system' };
