// Value lists the unit tests check translations against, typed so that a new code or
// status in the Rust contract breaks the build until it is listed (and translated).
import type { ErrorCode, Rule } from "./bindings";
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

const RULES_ALL: Record<Rule, true> = {
  input: true,
  unknown_user: true,
  not_a_draft: true,
  empty_post: true,
  guideline_blocks: true,
  checklist_incomplete: true,
  already_approved: true,
  approved_on_this_computer: true,
  comment_required: true,
  not_in_review: true,
  not_a_reviewer: true,
  own_post: true,
  device_bound: true,
  device_owned: true,
  bad_date_time: true,
  year_out_of_range: true,
  time_skipped: true,
  text_too_long: true,
  nul_character: true,
  already_published: true,
  title_missing: true,
  title_too_long: true,
  crisis_already_on: true,
  crisis_not_on: true,
  crisis_confirm: true,
  team_permission: true,
  demo_workspace: true,
  published_needs_choice: true,
  post_being_sent: true,
  take_down_failed: true,
  undo_expired: true,
  cancelled: true,
  consent_not_covered: true,
  unreadable_image: true,
  image_too_big: true,
  scopes_missing: true,
  insecure_team_server: true,
  bad_month_day: true,
  nothing_to_share: true,
  chat_not_set: true,
  chat_address: true,
  product_names: true,
};

export const RULES_FOR_TEST = Object.keys(RULES_ALL) as Rule[];
