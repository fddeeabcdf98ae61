// Value lists the unit tests check translations against, typed so that a new code or
// status in the Rust contract breaks the build until it is listed (and translated).
import type { ErrorCode } from "./bindings";
export { PLATFORMS, POST_STATUSES } from "./bindings";

const ALL: Record<ErrorCode, true> = {
  workspace_missing: true,
  workspace_read_only: true,
  workspace_not_a_folder: true,
  schema_too_new: true,
  database_corrupt: true,
  database_busy: true,
  database: true,
  io: true,
  invalid_time_zone: true,
  invalid_input: true,
  not_found: true,
  no_backup: true,
  keychain_unavailable: true,
  platform: true,
  busy: true,
  unreachable: true,
};

export const ERROR_CODES_FOR_TEST = Object.keys(ALL) as ErrorCode[];
