// Generated from the Rust IPC types and the commands registered in src-tauri/src/lib.rs. Do not edit:
// run scripts/bindings.sh instead (a test fails while this file is stale).

import { invoke } from "@tauri-apps/api/core";

export type PostId = string;

export type PurposeId = string;

export type ThemeId = string;

export type PersonId = string;

export type ErrorCode = "workspace_missing" | "workspace_read_only" | "workspace_not_a_folder" | "schema_too_new" | "database_corrupt" | "database_busy" | "database" | "io" | "invalid_time_zone" | "invalid_input" | "not_found" | "no_backup" | "keychain_unavailable" | "platform" | "busy" | "unreachable";

export type Rule = "input" | "unknown_user" | "not_a_draft" | "empty_post" | "guideline_blocks" | "checklist_incomplete" | "already_approved" | "approved_on_this_computer" | "comment_required" | "not_in_review" | "not_a_reviewer" | "own_post" | "device_bound" | "device_owned" | "bad_date_time" | "year_out_of_range" | "time_skipped" | "text_too_long" | "nul_character" | "already_published" | "title_missing" | "title_too_long" | "crisis_already_on" | "crisis_not_on" | "crisis_confirm" | "team_permission" | "demo_workspace" | "published_needs_choice" | "post_being_sent" | "take_down_failed" | "undo_expired" | "cancelled" | "consent_not_covered" | "unreadable_image" | "image_too_big" | "scopes_missing" | "insecure_team_server" | "bad_month_day" | "nothing_to_share" | "chat_not_set" | "chat_address" | "product_names" | "assistant_off" | "assistant_endpoint" | "assistant_cloud_off" | "assistant_blocked" | "assistant_photo_stays";

export type IpcError = { 
/**
 * What kind of failure.
 */
code: ErrorCode, 
/**
 * What happened and what to do, in English (the UI translates by code and rule).
 */
message: string, 
/**
 * For a refusal, the rule that refused.
 */
rule: Rule | null, };

export type Changed = "settings" | "posts" | "templates" | "people" | "workspace" | "guideline" | "crisis" | "team" | "requests" | "plan" | "accounts";

export type ChangeEvent = { 
/**
 * The kinds of data written, each once, in order.
 */
kinds: Array<Changed>, 
/**
 * The posts written, when every post write named its post.
 */
posts: Array<string>, 
/**
 * Some post was written without saying which (or the write ran on another connection):
 * a view of posts refetches them all.
 */
every_post: boolean, 
/**
 * Only the words of existing posts changed (an autosave): views that show no text, and
 * the editor that typed them, have nothing to refetch.
 */
words_only: boolean, };

export type ProgressEvent = { 
/**
 * The id the window gave the operation.
 */
op: string, 
/**
 * Steps done.
 */
done: number, 
/**
 * Steps in all.
 */
total: number, };

export type AppInfo = { 
/**
 * The app version.
 */
version: string, 
/**
 * The workspace folder.
 */
workspace_path: string, 
/**
 * "ja" or "en" from the system locale, when the system says.
 */
system_language: string | null, };

export type PlaceInput = { 
/**
 * The S3 secret key or the WebDAV password; `null` for a folder.
 */
secret: string | null, } & ({ "kind": "folder", 
/**
 * Its path on this device.
 */
path: string, } | { "kind": "s3", 
/**
 * The endpoint (`https://s3.ap-northeast-1.amazonaws.com`).
 */
endpoint: string, 
/**
 * The bucket.
 */
bucket: string, 
/**
 * Its region.
 */
region: string, 
/**
 * The access key id.
 */
access_key_id: string, 
/**
 * A folder inside the bucket (may be empty).
 */
prefix: string, } | { "kind": "web_dav", 
/**
 * The folder's address.
 */
url: string, 
/**
 * The user name.
 */
user: string, });

export type UpdateProblemCode = "bad_config" | "unreachable" | "bad_manifest" | "bad_signature" | "downgrade" | "busy" | "install_failed";

export type UpdateProblem = { 
/**
 * What went wrong.
 */
code: UpdateProblemCode, 
/**
 * The version concerned, when known.
 */
version: string | null, 
/**
 * The technical detail (English, folded in the window).
 */
detail: string, };

export type UpdateOffer = { 
/**
 * The new version.
 */
version: string, 
/**
 * What is new, as the company wrote it.
 */
notes: string, 
/**
 * When it was published (RFC 3339), when the manifest says.
 */
published: string | null, };

export type UpdateStatus = { 
/**
 * The running version.
 */
current_version: string, 
/**
 * Where updates are looked for; `None` when the company configured nothing.
 */
address: string | null, 
/**
 * The `update.json` the address came from.
 */
config_file: string | null, 
/**
 * When the last check ended (RFC 3339).
 */
checked_at: string | null, 
/**
 * Whether a check or an install is running now.
 */
busy: boolean, 
/**
 * A verified update waiting for consent.
 */
offer: UpdateOffer | null, 
/**
 * A version installed this run; it starts at the next launch.
 */
installed: string | null, 
/**
 * The last refusal, if the last step was refused.
 */
problem: UpdateProblem | null, };

export type Language = "system" | "ja" | "en";

export type Platform = "x" | "bluesky" | "mastodon" | "linkedin" | "facebook" | "instagram" | "threads" | "line" | "line_voom" | "note" | "tiktok";

export type PostStatus = "idea" | "draft" | "in_review" | "changes_requested" | "approved" | "scheduled" | "published" | "failed" | "paused";

export type Role = "lead" | "reviewer" | "ambassador" | "executive";

export type Participation = "face_shown" | "hands_only" | "back_view" | "voice_only" | "material_only" | "not_participating";

export type Settings = { 
/**
 * The workspace name (company or team).
 */
name: string, 
/**
 * IANA time zone, e.g. Asia/Tokyo.
 */
time_zone: string, 
/**
 * UI language.
 */
language: Language, 
/**
 * Whether recognition may order people by how much they gave (off unless chosen).
 */
public_ranking: boolean, 
/**
 * Whether an approval needs a second reviewer.
 */
second_reviewer: boolean, 
/**
 * The fewest people a group may have for its figures to be shown (temperature map,
 * report, digest): smaller departments are merged into 「その他」 or hidden, so no figure
 * reads as a judgement of one or two people.
 */
min_group_size: number, 
/**
 * Whether the writing assistant may use an endpoint outside this machine and the office
 * network (a cloud service). Only the lead turns it on; off by default.
 */
assistant_cloud: boolean, };

export type SettingsPatch = { 
/**
 * New name.
 */
name?: string, 
/**
 * New IANA time zone.
 */
time_zone?: string, 
/**
 * New UI language.
 */
language?: Language, 
/**
 * Allow or forbid ranking people by contribution.
 */
public_ranking?: boolean, 
/**
 * Require or not a second reviewer.
 */
second_reviewer?: boolean, 
/**
 * The fewest people a group shown in figures may have.
 */
min_group_size?: number, 
/**
 * Allow or forbid the assistant a cloud endpoint.
 */
assistant_cloud?: boolean, };

export type WorkspaceInfo = { 
/**
 * The folder.
 */
path: string, 
/**
 * The workspace name.
 */
name: string, 
/**
 * People on the roster.
 */
people: number, 
/**
 * Posts (calendar items).
 */
posts: number, 
/**
 * The database schema version.
 */
schema_version: number, 
/**
 * The time zone.
 */
time_zone: string, 
/**
 * Why today's automatic backup could not be written, if it could not.
 */
backup_warning: string | null, 
/**
 * The demo workspace (never a team, never real accounts).
 */
demo: boolean, 
/**
 * The setup guide was finished or skipped (a company's new workspace opens on it).
 */
setup_done: boolean, };

export type CalendarPost = { 
/**
 * The post.
 */
id: PostId, 
/**
 * Its title.
 */
title: string, 
/**
 * Where it stands.
 */
status: PostStatus, 
/**
 * Where it goes.
 */
platforms: Array<Platform>, 
/**
 * When, RFC 3339 with the workspace zone's offset.
 */
scheduled_at: string, 
/**
 * The same instant as wall-clock time in the workspace zone, `YYYY-MM-DDTHH:MM:SS`.
 */
local_time: string, 
/**
 * Its monthly theme.
 */
theme_id: ThemeId | null, 
/**
 * Who wrote it.
 */
author_id: PersonId | null, 
/**
 * People who appear in it.
 */
people: Array<PersonId>, 
/**
 * The accounts it names (empty: each platform's default account); the calendar paints
 * it in the first one's colour.
 */
accounts: Array<RowId>, 
/**
 * For a published post: read back from its platforms, not yet, or posted by hand.
 */
proof: Proof | null, };

export type Theme = { 
/**
 * The theme.
 */
id: ThemeId, 
/**
 * `YYYY-MM`.
 */
month: string, 
/**
 * Its title.
 */
title: string, 
/**
 * A longer note.
 */
description: string, 
/**
 * A colour, `#rrggbb`.
 */
color: string, };

export type MonthView = { 
/**
 * `YYYY-MM`.
 */
month: string, 
/**
 * The workspace zone the times are in.
 */
time_zone: string, 
/**
 * Posts scheduled in the month, by time.
 */
posts: Array<CalendarPost>, 
/**
 * The month's themes.
 */
themes: Array<Theme>, 
/**
 * Requests due in the month (each occurrence of a recurring one).
 */
requests: Array<RequestDue>, 
/**
 * Reactions read back from the platforms for the month's published posts.
 */
reactions: Array<Reactions>, };

export type CountUnit = "weighted" | "graphemes" | "bytes" | "utf16" | "hashtags" | "mentions";

export type TextPos = { 
/**
 * Offset in UTF-8 bytes.
 */
byte: number, 
/**
 * Offset in UTF-16 code units.
 */
utf16: number, };

export type Measure = { 
/**
 * The unit.
 */
unit: CountUnit, 
/**
 * How much the text uses.
 */
length: number, 
/**
 * How much the platform allows.
 */
limit: number, };

export type Count = { 
/**
 * The platform.
 */
platform: Platform, 
/**
 * The platform's own length of the text.
 */
length: number, 
/**
 * The platform's limit, in the same unit.
 */
limit: number, 
/**
 * The unit of `length` and `limit`.
 */
unit: CountUnit, 
/**
 * Whether the platform would accept the text.
 */
valid: boolean, 
/**
 * Other limits that apply too (Bluesky bytes, Instagram hashtags and mentions).
 */
also: Array<Measure>, 
/**
 * Where the text stops fitting, when it does not.
 */
over_from: TextPos | null, 
/**
 * Why the text is invalid beyond its length (empty, forbidden characters), in English.
 */
problem: string | null, };

export type Variant = { 
/**
 * The platform.
 */
platform: Platform, 
/**
 * Its own text, or `None` while it inherits the main text.
 */
body: string | null, };

export type PostDetail = { 
/**
 * The post.
 */
id: PostId, 
/**
 * Short title.
 */
title: string, 
/**
 * Main text.
 */
body: string, 
/**
 * Where it stands.
 */
status: PostStatus, 
/**
 * Wall-clock time in the workspace zone, `YYYY-MM-DDTHH:MM`, if scheduled.
 */
local_time: string | null, 
/**
 * The same instant in RFC 3339 with the zone's offset.
 */
scheduled_at: string | null, 
/**
 * One entry per target platform.
 */
variants: Array<Variant>, 
/**
 * The accounts it names (empty: each platform's default account).
 */
accounts: Array<RowId>, 
/**
 * Monthly theme.
 */
theme_id: ThemeId | null, 
/**
 * Last change, RFC 3339 UTC.
 */
updated_at: string, };

export type DraftInput = { 
/**
 * Short title.
 */
title: string, 
/**
 * Main text.
 */
body: string, 
/**
 * Target platforms with their own text where they differ.
 */
variants: Array<Variant>, 
/**
 * Monthly theme.
 */
theme_id: ThemeId | null, 
/**
 * The accounts it goes out through (their platforms join the variants); `None` keeps
 * the ones it names, an empty list means each platform's default.
 */
accounts?: Array<RowId>, };

export type Revision = { 
/**
 * The revision.
 */
id: RowId, 
/**
 * Main text then.
 */
body: string, 
/**
 * Variant texts then (platform → text), inheriting ones left out.
 */
variants: { [key in string]: string }, 
/**
 * Who wrote it.
 */
author_id: PersonId | null, 
/**
 * When, RFC 3339 UTC.
 */
created_at: string, };

export type Rescheduled = { 
/**
 * The post as it is now.
 */
post: PostDetail, 
/**
 * Its previous wall-clock time (`YYYY-MM-DDTHH:MM`), for undo.
 */
previous_local_time: string | null, };

export type CadenceTarget = { 
/**
 * The platform.
 */
platform: Platform, 
/**
 * The account (`None`: every post on the platform).
 */
account: RowId | null, 
/**
 * Posts per week.
 */
per_week: number, };

export type CadenceCell = { 
/**
 * The platform.
 */
platform: Platform, 
/**
 * The account (`None`: every post on the platform).
 */
account: RowId | null, 
/**
 * Posts planned that week.
 */
planned: number, 
/**
 * The target.
 */
target: number, 
/**
 * How many are missing (0 when the target is met).
 */
missing: number, };

export type CadenceWeek = { 
/**
 * The Monday, `YYYY-MM-DD`.
 */
week_start: string, 
/**
 * One cell per target.
 */
cells: Array<CadenceCell>, 
/**
 * Total missing that week.
 */
missing: number, };

export type RecurringSlot = { 
/**
 * The slot.
 */
id: RowId, 
/**
 * ISO weekday, 1 = Monday.
 */
weekday: number, 
/**
 * `HH:MM` in the workspace zone.
 */
local_time: string, 
/**
 * What goes there.
 */
title: string, 
/**
 * Where.
 */
platform: Platform, };

export type OpenSlot = { 
/**
 * The slot.
 */
slot_id: RowId, 
/**
 * What goes there.
 */
title: string, 
/**
 * Where.
 */
platform: Platform, 
/**
 * `YYYY-MM-DDTHH:MM` in the workspace zone.
 */
local_time: string, };

export type MonthPlanning = { 
/**
 * `YYYY-MM`.
 */
month: string, 
/**
 * Weekly targets.
 */
targets: Array<CadenceTarget>, 
/**
 * Each week overlapping the month.
 */
weeks: Array<CadenceWeek>, 
/**
 * The recurring slots.
 */
slots: Array<RecurringSlot>, 
/**
 * Slot occurrences in the month with nothing planned.
 */
open_slots: Array<OpenSlot>, };

export type RowId = string;

export type MediaInfo = { 
/**
 * The image.
 */
id: RowId, 
/**
 * `image/jpeg` or `image/png`.
 */
mime: string, 
/**
 * Size of the stored (stripped) file.
 */
bytes: number, 
/**
 * Width in pixels.
 */
width: number, 
/**
 * Height in pixels.
 */
height: number, 
/**
 * The name it had when attached.
 */
file_name: string, 
/**
 * Description for screen readers.
 */
alt_text: string, 
/**
 * Whether faces can be recognised.
 */
faces_visible: boolean, 
/**
 * People who appear.
 */
people: Array<PersonId>, };

export type MediaPatch = { 
/**
 * New alt text.
 */
alt_text?: string, 
/**
 * New faces flag.
 */
faces_visible?: boolean, 
/**
 * New list of people who appear.
 */
people?: Array<PersonId>, };

export type PersonSummary = { 
/**
 * The person.
 */
id: PersonId, 
/**
 * Full name.
 */
name: string, 
/**
 * Name shown in posts.
 */
display_name: string, 
/**
 * Department name.
 */
department: string | null, 
/**
 * Role.
 */
role: Role, 
/**
 * How they take part.
 */
participation: Array<Participation>, 
/**
 * Still with the company.
 */
active: boolean, };

export type Template = { 
/**
 * The template.
 */
id: RowId, 
/**
 * recruiting, product, site, president, event or safety.
 */
purpose: string, 
/**
 * Its name.
 */
name: string, 
/**
 * The text, with ［placeholders］ to fill in.
 */
body: string, 
/**
 * `ja` or `en`.
 */
language: string, };

export type TemplateInput = { 
/**
 * Purpose.
 */
purpose: string, 
/**
 * Name.
 */
name: string, 
/**
 * Text.
 */
body: string, 
/**
 * `ja` or `en`.
 */
language: string, };

export type HashtagSet = { 
/**
 * The set.
 */
id: RowId, 
/**
 * Its name.
 */
name: string, 
/**
 * The tags, each with its `#`.
 */
tags: Array<string>, 
/**
 * `ja` or `en`.
 */
language: string, };

export type PersonInput = { 
/**
 * Full name (kanji).
 */
name: string, 
/**
 * Reading (kana).
 */
name_reading: string, 
/**
 * Name shown in posts; the family name if empty.
 */
display_name: string, 
/**
 * Department name.
 */
department: string | null, 
/**
 * Site name.
 */
site: string | null, 
/**
 * Role.
 */
role: Role, 
/**
 * How they are willing to take part.
 */
participation: Array<Participation>, 
/**
 * Platform handles.
 */
handles: { [key in Platform]?: string }, 
/**
 * Still with the company.
 */
active: boolean, };

export type PersonDetail = { 
/**
 * The person.
 */
id: PersonId, 
/**
 * As entered.
 */
input: PersonInput, 
/**
 * `YYYY-MM-DD` when they left, if they did.
 */
left_on: string | null, 
/**
 * Consent records, newest first.
 */
consents: Array<ConsentRecord>, };

export type ConsentInput = { 
/**
 * Modes agreed to.
 */
modes: Array<Participation>, 
/**
 * Platforms agreed to; empty means all.
 */
platforms: Array<Platform>, 
/**
 * `YYYY-MM-DD`.
 */
given_on: string, 
/**
 * `YYYY-MM-DD`, if it expires.
 */
expires_on: string | null, 
/**
 * Document id or file name of the signed form.
 */
evidence_ref: string, };

export type ConsentState = "active" | "future" | "expired" | "withdrawn";

export type ConsentRecord = { 
/**
 * The record.
 */
id: RowId, 
/**
 * Whose.
 */
person: PersonId, 
/**
 * Modes agreed to.
 */
modes: Array<Participation>, 
/**
 * Platforms agreed to; empty means all.
 */
platforms: Array<Platform>, 
/**
 * `YYYY-MM-DD`.
 */
given_on: string, 
/**
 * `YYYY-MM-DD`.
 */
expires_on: string | null, 
/**
 * Evidence.
 */
evidence_ref: string, 
/**
 * `YYYY-MM-DD`, once withdrawn.
 */
withdrawn_on: string | null, 
/**
 * Its state today.
 */
state: ConsentState, };

export type ImpactedPost = { 
/**
 * The post.
 */
id: PostId, 
/**
 * Its title.
 */
title: string, 
/**
 * Where it stands.
 */
status: PostStatus, 
/**
 * When, RFC 3339 UTC, if scheduled.
 */
scheduled_at: string | null, 
/**
 * Shown in the post itself (`post`) or in one of its images (`image`).
 */
via: string, };

export type Impact = { 
/**
 * The person.
 */
person: PersonId, 
/**
 * Scheduled or published posts that show them, by time.
 */
posts: Array<ImpactedPost>, };

export type RowError = { 
/**
 * Line in the file where the record starts (1 = the header).
 */
row: number, 
/**
 * Column name, or empty for the whole row.
 */
column: string, 
/**
 * What kind of problem it is: the windows say it in their language from this.
 */
code: RowProblem, 
/**
 * What is wrong and what to write instead, in English (the detail under 「詳細」 and the
 * command line's message).
 */
problem: string, };

export type RowProblem = "empty" | "unknown_column" | "missing_column" | "field_count" | "quotes" | "bad_value" | "missing" | "too_long" | "duplicate" | "bad_date" | "bad_time" | "unknown_account" | "unknown_theme" | "unknown_purpose" | "already_planned";

export type PlannedRow = { 
/**
 * The row in the file.
 */
row: number, 
/**
 * Wall-clock time in the workspace zone, `YYYY-MM-DDTHH:MM`.
 */
local_time: string, 
/**
 * The title.
 */
title: string, 
/**
 * Where it goes, as written in the file.
 */
accounts: Array<string>, };

export type PostsImport = { 
/**
 * Data rows read.
 */
rows: number, 
/**
 * Drafts made (or that would be).
 */
created: number, 
/**
 * The rows as they would be written (for the preview).
 */
planned: Array<PlannedRow>, 
/**
 * Problems; when any, nothing was imported.
 */
errors: Array<RowError>, 
/**
 * Nothing was written because this was a dry run.
 */
dry_run: boolean, 
/**
 * How the file was read: `xlsx`, `UTF-8` or `Shift_JIS`.
 */
encoding: string, };

export type Preset = "recruiting" | "leads" | "local";

export type KpiSeed = { 
/**
 * Its name (採用エントリー数).
 */
name: string, 
/**
 * What it counts.
 */
metric: KpiMetric, 
/**
 * The monthly target.
 */
target: number | null, 
/**
 * The date the target is meant to be reached by, `YYYY-MM-DD`.
 */
target_by: string | null, };

export type ThemeSeed = { 
/**
 * Its title.
 */
title: string, 
/**
 * What it is about.
 */
description: string, 
/**
 * Its colour, `#rrggbb`.
 */
color: string, };

export type CadenceSeed = { 
/**
 * The platform.
 */
platform: Platform, 
/**
 * Posts a week.
 */
per_week: number, };

export type SlotSeed = { 
/**
 * ISO weekday, 1 = Monday.
 */
weekday: number, 
/**
 * `HH:MM` in the workspace zone.
 */
local_time: string, 
/**
 * What goes there (社員紹介).
 */
title: string, 
/**
 * The platform.
 */
platform: Platform, };

export type SetupPlan = { 
/**
 * The purpose (採用エントリーを増やす).
 */
purpose: string, 
/**
 * Its KPIs.
 */
kpis: Array<KpiSeed>, 
/**
 * The first month, `YYYY-MM`.
 */
month: string, 
/**
 * Its themes.
 */
themes: Array<ThemeSeed>, 
/**
 * The weekly cadence.
 */
cadence: Array<CadenceSeed>, 
/**
 * The recurring slots.
 */
slots: Array<SlotSeed>, };

export type SetupApplied = { 
/**
 * KPIs added.
 */
kpis: number, 
/**
 * Themes added.
 */
themes: number, 
/**
 * Recurring slots added.
 */
slots: number, };

export type RecentWorkspace = { 
/**
 * Its folder.
 */
path: string, 
/**
 * Its name when it was last opened.
 */
name: string, 
/**
 * Whether it is the demo.
 */
demo: boolean, 
/**
 * When it was last opened, RFC 3339 UTC.
 */
opened_at: string, 
/**
 * Whether it is the one open now (filled in by [`list`]'s caller).
 */
current: boolean, };

export type Converted = { 
/**
 * Post templates the new workspace did not have yet.
 */
templates: number, 
/**
 * Hashtag sets the new workspace did not have yet.
 */
hashtag_sets: number, 
/**
 * Whether the demo's guideline (edited there) was published in the new workspace.
 */
guideline: boolean, };

export type ImportReport = { 
/**
 * Data rows read.
 */
rows: number, 
/**
 * People added (or that would be).
 */
added: number, 
/**
 * People updated, matched by name (or that would be).
 */
updated: number, 
/**
 * Problems; when any, nothing was imported.
 */
errors: Array<RowError>, 
/**
 * Nothing was written because this was a dry run.
 */
dry_run: boolean, 
/**
 * The encoding the file was read in.
 */
encoding: string, };

export type DepartmentId = string;

export type Department = { 
/**
 * The department.
 */
id: DepartmentId, 
/**
 * Its name.
 */
name: string, 
/**
 * Active people in it.
 */
active_people: number, };

export type Recurrence = "weekly" | "monthly";

export type RequestInput = { 
/**
 * What is wanted, in a line ("現場の写真を1枚").
 */
title: string, 
/**
 * More detail.
 */
description: string, 
/**
 * `YYYY-MM-DD`; the first due date of a recurring request.
 */
due_on: string | null, 
/**
 * Comes round again, or once.
 */
recurrence: Recurrence | null, 
/**
 * People asked.
 */
people: Array<PersonId>, 
/**
 * Departments asked (everyone active in them).
 */
departments: Array<DepartmentId>, };

export type RequestState = "open" | "answered" | "overdue";

export type AssignedRequest = { 
/**
 * The request.
 */
id: RowId, 
/**
 * What is wanted.
 */
title: string, 
/**
 * More detail.
 */
description: string, 
/**
 * `YYYY-MM-DD`: the due date of the current period.
 */
due_on: string | null, 
/**
 * Comes round again, or once.
 */
recurrence: Recurrence | null, 
/**
 * The person asked.
 */
person: PersonId, 
/**
 * Where it stands for them.
 */
state: RequestState, };

export type Assignee = { 
/**
 * The person.
 */
person: PersonId, 
/**
 * Their display name.
 */
display_name: string, 
/**
 * Where it stands for them.
 */
state: RequestState, };

export type RequestSummary = { 
/**
 * The request.
 */
id: RowId, 
/**
 * What is wanted.
 */
title: string, 
/**
 * More detail.
 */
description: string, 
/**
 * `YYYY-MM-DD`: the due date of the current period.
 */
due_on: string | null, 
/**
 * Comes round again, or once.
 */
recurrence: Recurrence | null, 
/**
 * Everyone asked, by display name.
 */
assignees: Array<Assignee>, };

export type RequestDue = { 
/**
 * The request.
 */
id: RowId, 
/**
 * What is wanted.
 */
title: string, 
/**
 * `YYYY-MM-DD`.
 */
due_on: string, 
/**
 * People asked.
 */
asked: number, 
/**
 * People who answered for this due date.
 */
answered: number, };

export type Material = { 
/**
 * The material.
 */
id: RowId, 
/**
 * Who gave it.
 */
person: PersonId, 
/**
 * The request it answers, if any.
 */
request: RowId | null, 
/**
 * Their comment.
 */
comment: string, 
/**
 * The first photo, if any.
 */
media: RowId | null, 
/**
 * Every photo of the sending, in order (the first is `media`).
 */
photos: Array<RowId>, 
/**
 * How the giver appears in it, when they said (material from a phone always says).
 */
appearance: Appearance | null, 
/**
 * Where it came from: `app`, `phone` or `folder`.
 */
origin: string, 
/**
 * The draft made from it, once made.
 */
post: PostId | null, 
/**
 * When, RFC 3339 UTC.
 */
created_at: string, };

export type Appearance = "face" | "hands" | "back" | "absent" | "comment_only";

export type Code = { 
/**
 * The token's row (to revoke it).
 */
token_id: RowId, 
/**
 * Whose personal code it is.
 */
person: PersonId | null, 
/**
 * The request it answers.
 */
request: RowId | null, 
/**
 * The publish job it hands off (a post to post by hand).
 */
job: RowId | null, 
/**
 * The person's name, the request's title, or the handed-off post's title.
 */
title: string, 
/**
 * The department, or 「依頼」 details.
 */
subtitle: string, 
/**
 * The phone page's address, with the token.
 */
url: string, 
/**
 * When the code ends, RFC 3339 UTC.
 */
expires_at: string, };

export type IntakeStatus = { 
/**
 * `http://address:port`.
 */
address: string, 
/**
 * When it closes, RFC 3339 UTC.
 */
closes_at: string, 
/**
 * Seconds until then.
 */
seconds_left: number, 
/**
 * The codes made when it opened.
 */
codes: Array<Code>, };

export type ScanReport = { 
/**
 * New images kept as unassigned material.
 */
imported: number, 
/**
 * Files still being written, left for the next look.
 */
waiting: number, 
/**
 * Files that cannot be kept (a HEIC, a damaged image, too large), listed once.
 */
problems: number, };

export type FolderFile = { 
/**
 * The row.
 */
id: RowId, 
/**
 * Its name in the folder.
 */
file_name: string, 
/**
 * When it was last changed, RFC 3339 UTC.
 */
modified_at: string | null, 
/**
 * The stored image, if it could be kept.
 */
media: RowId | null, 
/**
 * Why it could not be kept: `heic`, `unreadable` or `too_big`.
 */
problem: string | null, 
/**
 * A guess at its giver (their name in the file name).
 */
guess_person: PersonId | null, };

export type Candidate = { 
/**
 * The job.
 */
job: RowId, 
/**
 * Its post.
 */
post: PostId, 
/**
 * The post's title.
 */
title: string, 
/**
 * The platform.
 */
platform: Platform, 
/**
 * When the post is due, RFC 3339 UTC.
 */
scheduled_at: string | null, 
/**
 * Whether it is handed off already.
 */
handed_off: boolean, };

export type HandoffProblem = "changed" | "already_posted" | "bad_address" | "not_handed_off";

export type AutoIntake = { 
/**
 * Open it while a request is open.
 */
enabled: boolean, 
/**
 * The address to listen on.
 */
bind: string | null, 
/**
 * The port.
 */
port: number, };

export type GuidelineVersion = { 
/**
 * The version's row.
 */
id: RowId, 
/**
 * 1, 2, 3…
 */
version: number, 
/**
 * Its title.
 */
title: string, 
/**
 * When it was published, RFC 3339 UTC.
 */
published_at: string, };

export type TrainingStatus = { 
/**
 * The person.
 */
person: PersonId, 
/**
 * The newest version they acknowledged.
 */
acknowledged_version: number | null, 
/**
 * When, RFC 3339 UTC.
 */
acknowledged_at: string | null, 
/**
 * They acknowledged the current version (true when none is published).
 */
current: boolean, };

export type LedgerEntry = { 
/**
 * `YYYY-MM`.
 */
month: string, 
/**
 * Requests answered with material.
 */
requests_answered: number, 
/**
 * Pieces of material given.
 */
material_given: number, 
/**
 * Drafts started (posts they wrote, by creation).
 */
drafts_written: number, 
/**
 * Published posts they wrote or appear in (by publication month).
 */
posts_published: number, 
/**
 * Likes, reposts, replies and quotes on those posts (latest reading per platform).
 */
reactions: number, };

export type RecognitionKind = "thanks" | "highlight";

export type Recognition = { 
/**
 * The recognition.
 */
id: RowId, 
/**
 * Who is recognised.
 */
person: PersonId, 
/**
 * Thanks or highlight.
 */
kind: RecognitionKind, 
/**
 * The words.
 */
note: string, 
/**
 * `YYYY-MM`.
 */
month: string, };

export type Contributor = { 
/**
 * The person.
 */
person: PersonId, 
/**
 * Their month.
 */
entry: LedgerEntry, };

export type Severity = "info" | "warn" | "block";

export type TermCategory = "forbidden" | "confidential" | "caution";

export type Term = { 
/**
 * The term as written; matched in any width, kana or case.
 */
term: string, 
/**
 * Its kind.
 */
category: TermCategory, 
/**
 * How much a match matters.
 */
severity: Severity, 
/**
 * What to tell the writer (may be empty for a default message).
 */
message: string, };

export type ChecklistItem = { 
/**
 * Stable id, so a tick survives wording changes.
 */
id: string, 
/**
 * What to check.
 */
text: string, };

export type SensitiveDay = { 
/**
 * `MM-DD`.
 */
date: string, 
/**
 * Why the day matters (shown in the finding).
 */
reason: string, };

export type GuidelineRules = { 
/**
 * Term lists.
 */
terms: Array<Term>, 
/**
 * Severity per detector rule id (`pii.phone`, `disclosure`, `link.domain`, …).
 */
detectors: { [key in string]: Severity }, 
/**
 * Domains links may point to (with their subdomains); empty allows any.
 */
allowed_domains: Array<string>, 
/**
 * URL shorteners, which hide where a link goes.
 */
shorteners: Array<string>, 
/**
 * Product and service names that make an employee's post promotional.
 */
products: Array<string>, 
/**
 * Words that disclose the writer works for the company (#PR, 社員です…).
 */
disclosure_markers: Array<string>, 
/**
 * What a reviewer must tick.
 */
checklist: Array<ChecklistItem>, 
/**
 * Days of mourning and remembrance: a post scheduled on one is flagged with the reason.
 */
sensitive_days: Array<SensitiveDay>, 
/**
 * What to do when something goes wrong.
 */
crisis_playbook: string, };

export type Finding = { 
/**
 * Rule id: `term.forbidden`, `pii.phone`, `people.no_face`, `limit.x`, …; a fixed name,
 * so a finding carries it without an allocation of its own.
 */
rule: string, 
/**
 * How much it matters.
 */
severity: Severity, 
/**
 * In English.
 */
message: string, 
/**
 * In Japanese.
 */
message_ja: string, 
/**
 * What to do instead, in English, when there is a clear fix.
 */
suggestion: string | null, 
/**
 * The same in Japanese.
 */
suggestion_ja: string | null, 
/**
 * Start in UTF-8 bytes (equal to `end` for findings about the post, not a place in it).
 */
start: number, 
/**
 * End in UTF-8 bytes.
 */
end: number, 
/**
 * Start in UTF-16 units.
 */
start16: number, 
/**
 * End in UTF-16 units.
 */
end16: number, };

export type VariantFindings = { 
/**
 * The platform.
 */
platform: Platform, 
/**
 * Findings in that version's text.
 */
findings: Array<Finding>, };

export type PostCheck = { 
/**
 * The guideline version used.
 */
guideline_version: number, 
/**
 * Findings in the main text and about the post (people, images).
 */
findings: Array<Finding>, 
/**
 * Findings in each platform's own version.
 */
variants: Array<VariantFindings>, 
/**
 * Whether anything blocks submission.
 */
blocking: boolean, };

export type GuidelineDraft = { 
/**
 * The number it will have when published.
 */
version: number, 
/**
 * Its title.
 */
title: string, 
/**
 * Its rules.
 */
rules: GuidelineRules, 
/**
 * Whether it differs from the current version (an unpublished draft is stored).
 */
unpublished: boolean, 
/**
 * The version it was started from.
 */
based_on: number | null, };

export type LintResult = { 
/**
 * The guideline version.
 */
guideline_version: number, 
/**
 * What was found.
 */
findings: Array<Finding>, };

export type TermsFile = { 
/**
 * The terms, when the file is good.
 */
terms: Array<Term>, 
/**
 * Every bad line, when it is not.
 */
errors: Array<RowError>, };

export type ReviewAction = "submitted" | "approved" | "changes_requested" | "voided";

export type ReviewEntry = { 
/**
 * The step.
 */
id: RowId, 
/**
 * The post.
 */
post: PostId, 
/**
 * The post's title now.
 */
post_title: string, 
/**
 * What happened.
 */
action: ReviewAction, 
/**
 * Who did it.
 */
actor: PersonId | null, 
/**
 * Their name.
 */
actor_name: string | null, 
/**
 * The first 12 hex digits of the content hash ("which version").
 */
content: string, 
/**
 * The guideline version in force.
 */
guideline_version: number | null, 
/**
 * Checklist items ticked (approvals).
 */
checklist: Array<string>, 
/**
 * The reviewer's comment, or why it was voided.
 */
comment: string, 
/**
 * When, RFC 3339 UTC.
 */
at: string, 
/**
 * An approval of one's own post, allowed because nobody else could review it (a lead
 * working alone).
 */
self_approved: boolean, };

export type QueuedPost = { 
/**
 * The post.
 */
post: PostId, 
/**
 * Its title.
 */
title: string, 
/**
 * Who wrote it.
 */
author_name: string | null, 
/**
 * When it was submitted.
 */
submitted_at: string, 
/**
 * Approvals of this content so far.
 */
approvals: number, 
/**
 * Approvals needed.
 */
needed: number, 
/**
 * Wall-clock time in the workspace zone, if scheduled.
 */
local_time: string | null, };

export type Crisis = { 
/**
 * When it began, RFC 3339 UTC.
 */
since: string, 
/**
 * Posts it holds back.
 */
paused_posts: number, };

export type Account = { 
/**
 * The account.
 */
id: RowId, 
/**
 * Its platform.
 */
platform: Platform, 
/**
 * The handle (`minato.bsky.social`).
 */
handle: string, 
/**
 * The name people know it by in the company (「公式X」「採用X」); empty until given.
 */
display_name: string, 
/**
 * Its colour on the calendar (`#RRGGBB`), if one was chosen.
 */
colour: string | null, 
/**
 * Whether it is its platform's default: a post that names only the platform goes out
 * through it.
 */
is_default: boolean, 
/**
 * The server (a Bluesky PDS, a Mastodon instance).
 */
server_url: string | null, 
/**
 * Where it stands.
 */
state: AccountState, 
/**
 * The platform's id for the account (a Bluesky DID).
 */
remote_id: string | null, 
/**
 * The last problem, in plain words.
 */
last_error: string | null, 
/**
 * When the long-lived token stops working (Bluesky's refresh token), RFC 3339 UTC.
 */
token_expires_at: string | null, 
/**
 * Whole days until then (negative when past); `None` for tokens that do not expire.
 */
expires_in_days: number | null, 
/**
 * Requests left in the platform's current rate-limit window, as it last said.
 */
rate_remaining: number | null, 
/**
 * When that window resets, RFC 3339 UTC.
 */
rate_reset_at: string | null, 
/**
 * Out of requests until `rate_reset_at`: its posts wait for the reset.
 */
rate_limited: boolean, 
/**
 * The most its posts may cost in a month on a pay-per-use platform (X), in millionths
 * of a US dollar; `None` for no cap.
 */
monthly_cap_micros: number | null, 
/**
 * What its posts cost since the month began (workspace time zone), same unit.
 */
month_spend_micros: number, 
/**
 * Where `token_expires_at` came from: read from the platform, or assumed from the
 * platform's usual lifetime.
 */
expiry_source: ExpirySource | null, 
/**
 * Its posts are handed to a person with a kit at their time instead of being sent.
 */
by_hand: boolean, };

export type Job = { 
/**
 * The job.
 */
id: RowId, 
/**
 * The post.
 */
post: PostId, 
/**
 * The post's title.
 */
post_title: string, 
/**
 * The platform.
 */
platform: Platform, 
/**
 * The account it goes out through (`None` until the platform has one here).
 */
account: RowId | null, 
/**
 * That account's company name or handle, for the windows.
 */
account_label: string | null, 
/**
 * pending, in_flight, scheduled_remote (the platform publishes it at its time),
 * published, failed or deleted.
 */
state: JobState, 
/**
 * Attempts so far.
 */
attempts: number, 
/**
 * When the next attempt may run, RFC 3339 UTC.
 */
next_attempt_at: string | null, 
/**
 * The platform's id once published.
 */
remote_id: string | null, 
/**
 * Where people see it.
 */
remote_url: string | null, 
/**
 * The last problem, in plain English (for 「詳細」 and the CLI).
 */
last_error: string | null, 
/**
 * What kind of problem it was (the windows say it in their language from this).
 */
last_error_kind: FailureKind | null, 
/**
 * Whether the runner gave up after its attempts (the problem itself was temporary).
 */
gave_up: boolean, 
/**
 * When the platform answered with the post's id, RFC 3339 UTC.
 */
published_at: string | null, 
/**
 * When Tsunagu read the post back from the platform (「公開を確認」); `None` while it is
 * published but not yet proven live, or for posts published by hand.
 */
verified_at: string | null, 
/**
 * Posted by a person by hand (a handoff), with the address they gave.
 */
by_hand: boolean, 
/**
 * What sending it cost on a pay-per-use platform (X), in millionths of a US dollar.
 */
cost_micros: number | null, };

export type MissedPost = { 
/**
 * The post.
 */
post: PostId, 
/**
 * Its title.
 */
title: string, 
/**
 * When it was meant to go out, RFC 3339 UTC.
 */
scheduled_at: string, };

export type FailureKind = "keychain" | "take_back" | "reconnect" | "media_host" | "media_host_refused" | "needs_image" | "aspect" | "api_version" | "daily_limit" | "credits" | "spend_cap" | "not_live" | "quota" | "slow_down" | "processing" | "rate_limited" | "server_error" | "unreachable" | "no_account" | "not_available" | "image" | "refused" | "strange_answer" | "other";

export type JobState = "pending" | "in_flight" | "scheduled_remote" | "published" | "failed" | "deleted";

export type AccountState = "connected" | "needs_reconnect" | "failing" | "disconnected";

export type Proof = "verified" | "unverified" | "by_hand";

export type NextPost = { 
/**
 * The post.
 */
post: PostId, 
/**
 * Its title.
 */
title: string, 
/**
 * When it goes out, RFC 3339 UTC.
 */
at: string, 
/**
 * Tsunagu on this computer sends (or hands over) part of it at that time; `false` when
 * every platform holds it and publishes it itself (Facebook's and Mastodon's scheduling).
 */
needs_this_pc: boolean, };

export type ExpirySource = "platform" | "assumed";

export type XCost = { 
/**
 * The estimate, from the shipped price table.
 */
cost: PostCost, 
/**
 * The same in millionths of a dollar, with the read that proves it live.
 */
cost_micros: number, 
/**
 * The X account it goes out through, if one is connected.
 */
account: RowId | null, 
/**
 * What that account's posts cost since the month began.
 */
month_spend_micros: number, 
/**
 * That account's monthly cap, if set.
 */
monthly_cap_micros: number | null, 
/**
 * Sending it would pass the cap: it will not be sent until the cap is raised.
 */
over_cap: boolean, };

export type ExpiryWarning = { 
/**
 * The account.
 */
account: RowId, 
/**
 * Its platform.
 */
platform: Platform, 
/**
 * Its company name, or `@handle`.
 */
label: string, 
/**
 * When its token stops working, RFC 3339 UTC.
 */
expires_at: string, 
/**
 * Whole days left (0 or less: today, or past).
 */
days_left: number, 
/**
 * The warning it falls under: 14, 7 or 1 (days), or 0 once expired.
 */
threshold: number, 
/**
 * Where the expiry came from.
 */
source: ExpirySource | null, };

export type HealthReport = { 
/**
 * Accounts whose expiry was read from their platform.
 */
read: number, 
/**
 * Tokens renewed ahead of time.
 */
renewed: number, 
/**
 * Tokens the platform called invalid (the account now asks to be reconnected).
 */
invalid: number, };

export type KitStep = "open_account" | "title" | "paste_text" | "add_images" | "alt_text" | "photo_mode" | "post" | "record_address";

export type KitImage = { 
/**
 * Its file name as attached.
 */
file_name: string, 
/**
 * Its alt text.
 */
alt_text: string, };

export type KitView = { 
/**
 * The job.
 */
job: RowId, 
/**
 * The post.
 */
post: PostId, 
/**
 * Its title.
 */
title: string, 
/**
 * The channel.
 */
platform: Platform, 
/**
 * The approved text, to paste as it is.
 */
text: string, 
/**
 * The images, in order.
 */
images: Array<KitImage>, 
/**
 * The approved content's hash, sent back with the address.
 */
hash: string, 
/**
 * The steps, in order.
 */
steps: Array<KitStep>, };

export type KitAnswer = { 
/**
 * The kit.
 */
kit: KitView | null, 
/**
 * Why there is no kit.
 */
problem: HandoffProblem | null, };

export type LineQuota = { 
/**
 * The account.
 */
account: RowId, 
/**
 * Messages a month (`None`: no limit on its plan).
 */
limit: number | null, 
/**
 * Used this month.
 */
used: number, 
/**
 * Left this month (`None`: no limit).
 */
left: number | null, 
/**
 * Friends a broadcast reaches (each counts as one message), when LINE has the number.
 */
reach: number | null, 
/**
 * Whether a broadcast fits in what is left.
 */
fits: boolean, };

export type GuideSite = "x" | "linkedin" | "meta";

export type GuideFacts = { 
/**
 * The site.
 */
site: GuideSite, 
/**
 * Where to register the app.
 */
console: string, 
/**
 * The callback (redirect) address to register, exactly.
 */
redirect: string, 
/**
 * The permissions (scopes) Tsunagu asks for, for each platform of the site.
 */
scopes: Array<[Platform, string]>, };

export type GuideProblem = "unknown_client" | "redirect_not_registered" | "scope_not_allowed" | "unreachable" | "strange_answer";

export type GuideCheck = { 
/**
 * The step passed.
 */
ok: boolean, 
/**
 * What is wrong.
 */
problem: GuideProblem | null, 
/**
 * The platform's answer, for 「詳細」.
 */
detail: string, };

export type PostCost = { 
/**
 * In US dollars.
 */
usd: number, 
/**
 * Whether the text carries a link (the expensive kind of post).
 */
with_link: boolean, 
/**
 * Images whose alt text is set with its own request.
 */
alt_texts: number, 
/**
 * The day the prices were read.
 */
prices_as_of: string, };

export type Problem = { 
/**
 * What kind of failure.
 */
kind: FailureKind, 
/**
 * In plain English, for 「詳細」, the CLI and whoever asks the platform.
 */
detail: string, 
/**
 * The platform's HTTP status, when the problem is its answer.
 */
status: number | null, 
/**
 * The platform's own error code (Bluesky's error name, Meta's `code/subcode`), or ours
 * for a state a platform reports in words (`duplicate`, `container_expired`). Code reads
 * these, never the detail.
 */
code: string | null, };

export type Withdrawal = { 
/**
 * Platforms that deleted the post (or no longer had it).
 */
deleted: Array<Platform>, 
/**
 * Platforms that refused or could not be reached, with what kind of problem and its
 * detail.
 */
failed: Array<[Platform, Problem]>, };

export type DeletionKind = "unpublished" | "remove_only" | "take_down";

export type DeletedPost = { 
/**
 * The post.
 */
post: PostId, 
/**
 * Its title.
 */
title: string, 
/**
 * Which kind of deletion.
 */
kind: DeletionKind, 
/**
 * When, RFC 3339 UTC.
 */
deleted_at: string, 
/**
 * Until when it can be brought back, RFC 3339 UTC.
 */
undo_until: string, };

export type Counts = { 
/**
 * Likes (Mastodon: favourites).
 */
likes: number | null, 
/**
 * Reposts (Mastodon: boosts).
 */
reposts: number | null, 
/**
 * Replies.
 */
replies: number | null, 
/**
 * Quotes.
 */
quotes: number | null, 
/**
 * Impressions or views, where the platform counts them.
 */
impressions: number | null, };

export type PostMetrics = { 
/**
 * The platform.
 */
platform: Platform, 
/**
 * When they were read, RFC 3339 UTC.
 */
captured_at: string, 
/**
 * The numbers.
 */
counts: Counts, };

export type MetricsReport = { 
/**
 * Posts whose numbers were read.
 */
read: number, 
/**
 * Posts skipped because their account waits for its rate limit.
 */
waiting: number, 
/**
 * Problems, in plain words (the numbers are read again next time).
 */
failed: Array<string>, };

export type Reactions = { 
/**
 * The post.
 */
post: PostId, 
/**
 * The sum over its platforms.
 */
total: number, };

export type PassReport = { 
/**
 * Jobs published.
 */
published: number, 
/**
 * Jobs handed to a platform that publishes them itself at their time (Facebook).
 */
handed_over: number, 
/**
 * Jobs that will be retried.
 */
retrying: number, 
/**
 * Jobs that failed and need a person.
 */
failed: number, 
/**
 * Jobs held back because their content differs from what was approved (or lacks a
 * valid approval): their posts went back to review and nothing was sent.
 */
held_back: number, 
/**
 * Posts past their time by more than the grace period, waiting for a decision.
 */
missed: Array<PostId>, 
/**
 * The crisis pause held everything back.
 */
paused: boolean, 
/**
 * Published posts read back from their platform (proven live).
 */
verified: number, 
/**
 * Published posts their platform did not show within minutes: failed, loudly.
 */
not_live: number, 
/**
 * Posts whose time came for a channel posted by hand: handed to a person with a kit.
 */
by_hand: number, };

export type MediaHostConfig = { 
/**
 * The S3 endpoint (`https://s3.ap-northeast-1.amazonaws.com`, an R2 or MinIO address).
 */
endpoint: string, 
/**
 * The bucket.
 */
bucket: string, 
/**
 * The region (`ap-northeast-1`; `auto` for R2).
 */
region: string, 
/**
 * The access key id (the secret key is kept in the keychain).
 */
access_key_id: string, 
/**
 * Address the bucket as `bucket.endpoint-host` instead of `endpoint/bucket`.
 */
virtual_hosted: boolean, };

export type BlockedPost = { 
/**
 * The post.
 */
post: PostId, 
/**
 * Its title.
 */
title: string, 
/**
 * The platform that cannot take it.
 */
platform: Platform, 
/**
 * Why, and what to do, in English (for 「詳細」 and the CLI).
 */
reason: string, 
/**
 * What kind of problem (the windows say it in their language from this).
 */
kind: FailureKind, };

export type BrokerSignIn = { 
/**
 * The platform.
 */
platform: Platform, 
/**
 * The API address (empty for the platform's own).
 */
api: string, 
/**
 * The company's token-exchange endpoint (https, or loopback for a local one).
 */
exchange_url: string, 
/**
 * The company's app id on the platform.
 */
client_id: string, 
/**
 * The loopback port registered with the app.
 */
port: number, 
/**
 * LinkedIn organisation or Facebook Page id (see [`TokenConnect::target`]).
 */
target: string | null, };

export type KpiMetric = "posts" | "reactions" | "impressions" | "external";

export type Purpose = { 
/**
 * The purpose.
 */
id: PurposeId, 
/**
 * Its name ("採用エントリーを増やす").
 */
name: string, 
/**
 * recruiting, leads, brand, engagement or custom.
 */
kind: string, };

export type KpiInput = { 
/**
 * Its name ("採用エントリー数").
 */
name: string, 
/**
 * What it counts.
 */
metric: KpiMetric, 
/**
 * The monthly target, if any.
 */
target: number | null, 
/**
 * The purpose it measures.
 */
purpose: PurposeId | null, 
/**
 * The date the target is meant to be reached by (`YYYY-MM-DD`), if any.
 */
target_by?: string, };

export type Kpi = { 
/**
 * The KPI.
 */
id: RowId, 
/**
 * Its name.
 */
name: string, 
/**
 * What it counts.
 */
metric: KpiMetric, 
/**
 * The monthly target.
 */
target: number | null, 
/**
 * The purpose it measures.
 */
purpose: PurposeId | null, 
/**
 * That purpose's name.
 */
purpose_name: string | null, 
/**
 * The date the target is meant to be reached by (`YYYY-MM-DD`).
 */
target_by: string | null, };

export type KpiProgress = { 
/**
 * The KPI.
 */
kpi: Kpi, 
/**
 * `YYYY-MM`.
 */
month: string, 
/**
 * The month's value; `None` for an external KPI nobody entered yet (not 0).
 */
value: number | null, 
/**
 * The value over the target, when both are known and the target is above 0.
 */
ratio: number | null, };

export type KpiImportReport = { 
/**
 * Data rows read.
 */
rows: number, 
/**
 * Monthly values written (or that would be).
 */
written: number, 
/**
 * Problems; when any, nothing was imported.
 */
errors: Array<RowError>, 
/**
 * Nothing was written because this was a dry run.
 */
dry_run: boolean, };

export type TemperatureCell = { 
/**
 * `YYYY-MM`.
 */
month: string, 
/**
 * People of the department who took part.
 */
participants: number, 
/**
 * Participants over the department's active people (0–1).
 */
rate: number, };

export type Group = "department" | "others" | "too_small";

export type TemperatureRow = { 
/**
 * What it stands for.
 */
group: Group, 
/**
 * The department (`None`: people without one, or a merged group).
 */
department: string | null, 
/**
 * Its active people.
 */
headcount: number, 
/**
 * One cell per month, oldest first.
 */
cells: Array<TemperatureCell>, 
/**
 * The last month's rate minus the one before (`None` for a single month).
 */
change: number | null, };

export type TemperatureMap = { 
/**
 * The months, oldest first.
 */
months: Array<string>, 
/**
 * One row per department, by name.
 */
rows: Array<TemperatureRow>, };

export type KpiSeries = { 
/**
 * Each month's value and progress, oldest first.
 */
months: Array<KpiProgress>, };

export type PlatformMonth = { 
/**
 * `YYYY-MM`.
 */
month: string, 
/**
 * Posts published there.
 */
posts: number, 
/**
 * Likes, reposts, replies and quotes (latest reading of each post).
 */
reactions: number, 
/**
 * Impressions or views, `None` when the platform counts none.
 */
impressions: number | null, };

export type PlatformTrend = { 
/**
 * The platform.
 */
platform: Platform, 
/**
 * Oldest first.
 */
months: Array<PlatformMonth>, 
/**
 * Posts the cadence targets asked for in the period (per week × weeks), when set.
 */
planned: number | null, };

export type TopPost = { 
/**
 * The post.
 */
post: PostId, 
/**
 * Its title.
 */
title: string, 
/**
 * When it went out, RFC 3339 UTC.
 */
published_at: string, 
/**
 * Its platforms.
 */
platforms: Array<Platform>, 
/**
 * Reactions on every platform.
 */
reactions: number, 
/**
 * Impressions or views where counted.
 */
impressions: number | null, 
/**
 * Its theme's title.
 */
theme: string | null, 
/**
 * Its purpose's name.
 */
purpose: string | null, 
/**
 * Where it can be read: the first public address a platform gave it (for a QR code on
 * paper), if any.
 */
url: string | null, 
/**
 * Read back from its platforms, not (yet), or posted by hand.
 */
proof: Proof | null, };

export type GroupResult = { 
/**
 * The theme's title or the purpose's name (`None`: posts without one).
 */
name: string | null, 
/**
 * Posts published.
 */
posts: number, 
/**
 * Their reactions.
 */
reactions: number, 
/**
 * Their impressions or views where counted.
 */
impressions: number | null, };

export type SuccessStory = { 
/**
 * The post.
 */
post: PostId, 
/**
 * Its title.
 */
title: string, 
/**
 * What happened ("三人の応募者が投稿に触れていました").
 */
note: string, 
/**
 * When it went out, RFC 3339 UTC, if it did.
 */
published_at: string | null, 
/**
 * Who marked it.
 */
marked_by: string | null, };

export type AccountResult = { 
/**
 * The platform.
 */
platform: Platform, 
/**
 * The account's handle; `None` for posts that went out before an account was recorded
 * (they are counted under their platform).
 */
handle: string | null, 
/**
 * The company's name for the account (「採用X」), when it was given one.
 */
display_name: string | null, 
/**
 * Published posts.
 */
posts: number, 
/**
 * Likes, reposts, replies and quotes.
 */
reactions: number, };

export type Dashboard = { 
/**
 * The months, oldest first.
 */
months: Array<string>, 
/**
 * Every KPI, month by month.
 */
kpis: Array<KpiSeries>, 
/**
 * Every platform that published in the period or has a cadence target.
 */
platforms: Array<PlatformTrend>, 
/**
 * The ten posts with the most reactions.
 */
top_posts: Array<TopPost>, 
/**
 * By theme, most reactions first.
 */
by_theme: Array<GroupResult>, 
/**
 * By purpose, most reactions first.
 */
by_purpose: Array<GroupResult>, 
/**
 * Participation by department and month.
 */
temperature: TemperatureMap, 
/**
 * Success stories of posts published in the period (or marked in it).
 */
successes: Array<SuccessStory>, 
/**
 * Posts and reactions per account over the period.
 */
accounts: Array<AccountResult>, };

export type ReportLanguage = "ja" | "en";

export type ChatKind = "teams" | "slack" | "chatwork";

export type AssistantPlace = "this_machine" | "office" | "cloud";

export type AssistantSettings = { 
/**
 * The endpoint (`http://127.0.0.1:11434/v1`).
 */
endpoint: string, 
/**
 * The model for text.
 */
model: string, 
/**
 * The model for images (alt text), if one is set.
 */
vision_model: string, 
/**
 * Where the endpoint is.
 */
place: AssistantPlace, 
/**
 * Whether an API key is kept.
 */
has_key: boolean, };

export type AssistantInput = { 
/**
 * The endpoint.
 */
endpoint: string, 
/**
 * The model for text.
 */
model: string, 
/**
 * The model for images, or empty.
 */
vision_model: string, 
/**
 * The API key, or empty (empty keeps a stored one; local servers need none).
 */
key: string, };

export type AssistantNote = { 
/**
 * `draft`, `fit`, `alt`, `explain` or `plan`.
 */
task: string, 
/**
 * Where the endpoint was: `this_machine`, `office` or `cloud`.
 */
place: string, 
/**
 * The model.
 */
model: string, 
/**
 * What was asked (masked).
 */
request: string, 
/**
 * What it answered (masked).
 */
answer: string, 
/**
 * When, RFC 3339 UTC.
 */
created_at: string, };

export type FitSuggestion = { 
/**
 * The platform.
 */
platform: Platform, 
/**
 * The suggested text.
 */
text: string, 
/**
 * Its length as the platform counts it.
 */
length: number, 
/**
 * The platform's limit.
 */
limit: number, 
/**
 * Whether the assistant's answer had to be cut to fit.
 */
cut: boolean, };

export type Explanation = { 
/**
 * Why it matters, in plain Japanese.
 */
why: string, 
/**
 * The post rewritten (the person accepts it into the editor, or not).
 */
rewrite: string, };

export type AssistantStream = { 
/**
 * The operation.
 */
op: string, 
/**
 * The answer so far (placeholders already put back).
 */
text: string, };

export type ChatSection = { 
/**
 * The heading.
 */
heading: string, 
/**
 * The lines, each a paragraph.
 */
lines: Array<string>, };

export type ChatMessage = { 
/**
 * The title.
 */
title: string, 
/**
 * Its sections.
 */
sections: Array<ChatSection>, };

export type ChatSettings = { 
/**
 * Which chat.
 */
kind: ChatKind, 
/**
 * The webhook's host (`hooks.slack.com`), or Chatwork's room number.
 */
place: string, };

export type ChatInput = { 
/**
 * Which chat.
 */
kind: ChatKind, 
/**
 * Teams or Slack: the webhook's address.
 */
address: string, 
/**
 * Chatwork: the room's number.
 */
room: string, 
/**
 * Chatwork: the API token.
 */
token: string, 
/**
 * Chatwork: the API's address (empty: Chatwork's own).
 */
server: string, };

export type TeamRole = "lead" | "ambassador" | "reviewer";

export type TeamMember = { 
/**
 * Its public key (hex).
 */
key: string, 
/**
 * What people compare: `ABCD-EF01-2345-6789`.
 */
fingerprint: string, 
/**
 * The device's name as it introduced itself.
 */
device_name: string, 
/**
 * The person it belongs to.
 */
person_id: string | null, 
/**
 * Lead or ambassador.
 */
role: TeamRole, 
/**
 * When it was admitted.
 */
admitted_at: string, 
/**
 * Set once revoked: its entries up to this number stay applied, later ones are refused.
 */
revoked_through: number | null, 
/**
 * When it was revoked.
 */
revoked_at: string | null, };

export type Place = { "kind": "folder", 
/**
 * Its path on this device.
 */
path: string, } | { "kind": "s3", 
/**
 * The endpoint (`https://s3.ap-northeast-1.amazonaws.com`).
 */
endpoint: string, 
/**
 * The bucket.
 */
bucket: string, 
/**
 * Its region.
 */
region: string, 
/**
 * The access key id.
 */
access_key_id: string, 
/**
 * A folder inside the bucket (may be empty).
 */
prefix: string, } | { "kind": "web_dav", 
/**
 * The folder's address.
 */
url: string, 
/**
 * The user name.
 */
user: string, };

export type MemberView = { 
/**
 * The roster entry.
 */
member: TeamMember, 
/**
 * The person's name, when on the roster here.
 */
person_name: string | null, 
/**
 * How many of its log entries are applied here.
 */
applied: number, 
/**
 * Whether it is this device.
 */
is_me: boolean, 
/**
 * The key epochs it can read (empty while the team is not sealed): a device revoked at
 * epoch 2 holds `[1, 2]` and reads nothing sealed to 3 or later.
 */
epochs: Array<number>, };

export type JoinView = { 
/**
 * Compare it with the one the joining screen shows.
 */
fingerprint: string, 
/**
 * The device's name.
 */
device_name: string, 
/**
 * The person invited.
 */
person_id: string, 
/**
 * Their name.
 */
person_name: string | null, 
/**
 * Whether it carries an invite this lead handed out and nobody used yet.
 */
invited: boolean, };

export type TeamStatus = { 
/**
 * The team.
 */
team_id: string, 
/**
 * This device's role.
 */
role: TeamRole, 
/**
 * This device's fingerprint.
 */
fingerprint: string, 
/**
 * The person it belongs to, and their name.
 */
person_id: string | null, 
/**
 * Their name.
 */
person_name: string | null, 
/**
 * Where the team's files are.
 */
place: Place, 
/**
 * The same, as shown to people (a path, `s3://bucket/prefix`, `user@https://…`).
 */
place_text: string, 
/**
 * Whether this device is admitted (its changes travel).
 */
admitted: boolean, 
/**
 * The newest key epoch, what new files are sealed to (0: the team is not sealed yet).
 */
key_epoch: number, 
/**
 * Every device in the roster.
 */
members: Array<MemberView>, 
/**
 * Devices waiting for the lead (read from the shared place when it is reachable).
 */
requests: Array<JoinView>, 
/**
 * When the last round finished.
 */
last_sync_at: string | null, 
/**
 * Why the last attempt failed, in English (for 「詳細」).
 */
last_sync_error: string | null, 
/**
 * What kind of failure it was (the window words it from this).
 */
last_sync_error_code: ErrorCode | null, 
/**
 * Fields with versions side by side.
 */
conflicts: number, 
/**
 * Changes refused and kept aside.
 */
quarantined: number, };

export type ConflictVersion = { 
/**
 * The device that wrote it, by its person's name when known (empty for this device).
 */
device: string, 
/**
 * Whether this device wrote it.
 */
mine: boolean, 
/**
 * Its key (hex), to choose it.
 */
device_key: string, 
/**
 * Its log entry.
 */
seq: number, 
/**
 * The value (JSON).
 */
value: unknown, 
/**
 * Whether the workspace shows this one now.
 */
shown: boolean, };

export type Conflict = { 
/**
 * The table.
 */
entity: string, 
/**
 * The row.
 */
entity_id: string, 
/**
 * The field.
 */
field: string, 
/**
 * A title for people ("投稿: 工場見学会" …), when the row has one.
 */
label: string | null, 
/**
 * The versions, side by side.
 */
versions: Array<ConflictVersion>, };

export type Quarantined = { 
/**
 * The sending device, by name when known.
 */
device: string, 
/**
 * Its log entry.
 */
seq: number, 
/**
 * Why it was refused.
 */
reason: string, 
/**
 * The change itself (JSON), empty for a whole segment.
 */
op: string, 
/**
 * When it was refused.
 */
at: string, };

export type SyncReport = { 
/**
 * This device's changes sent in this round.
 */
sent: number, 
/**
 * Other devices' changes applied.
 */
applied: number, 
/**
 * Changes refused (now in quarantine).
 */
quarantined: number, 
/**
 * Fields with versions side by side, after the round.
 */
conflicts: number, 
/**
 * Devices whose log is waiting for a missing or damaged segment.
 */
waiting: Array<string>, 
/**
 * Whether this device is admitted yet (an ambassador's changes wait until it is).
 */
admitted: boolean, 
/**
 * When the round ended (RFC 3339).
 */
at: string, };

export const PLATFORMS = ["x", "bluesky", "mastodon", "linkedin", "facebook", "instagram", "threads", "line", "line_voom", "note", "tiktok"] as const;
export const POST_STATUSES = ["idea", "draft", "in_review", "changes_requested", "approved", "scheduled", "published", "failed", "paused"] as const;
export const LANGUAGES = ["system", "ja", "en"] as const;
export const ERROR_CODES = ["workspace_missing", "workspace_read_only", "workspace_not_a_folder", "schema_too_new", "database_corrupt", "database_busy", "database", "io", "invalid_time_zone", "invalid_input", "not_found", "no_backup", "keychain_unavailable", "platform", "busy", "unreachable"] as const;
export const RULES = ["input", "unknown_user", "not_a_draft", "empty_post", "guideline_blocks", "checklist_incomplete", "already_approved", "approved_on_this_computer", "comment_required", "not_in_review", "not_a_reviewer", "own_post", "device_bound", "device_owned", "bad_date_time", "year_out_of_range", "time_skipped", "text_too_long", "nul_character", "already_published", "title_missing", "title_too_long", "crisis_already_on", "crisis_not_on", "crisis_confirm", "team_permission", "demo_workspace", "published_needs_choice", "post_being_sent", "take_down_failed", "undo_expired", "cancelled", "consent_not_covered", "unreadable_image", "image_too_big", "scopes_missing", "insecure_team_server", "bad_month_day", "nothing_to_share", "chat_not_set", "chat_address", "product_names", "assistant_off", "assistant_endpoint", "assistant_cloud_off", "assistant_blocked", "assistant_photo_stays"] as const;
export const CHANGED_EVENT = "tsunagu://changed";
export const PROGRESS_EVENT = "tsunagu://progress";
export const ASSISTANT_EVENT = "tsunagu://assistant";

/**
 * How many times this window has called each command. The end-to-end tests read it to
 * check that a change refetches only what it touched (an autosave, say).
 */
export const callCounts: Record<string, number> = {};

/** Calls a command; a failure rejects with an IpcError. */
function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  callCounts[command] = (callCounts[command] ?? 0) + 1;
  return invoke<T>(command, args);
}

/** Facts about the running app. */
export function appInfo(): Promise<AppInfo> {
  return call<AppInfo>("app_info");
}

/** What the open workspace holds; fails with the reason when it could not be opened. */
export function workspaceInfo(): Promise<WorkspaceInfo> {
  return call<WorkspaceInfo>("workspace_info");
}

/** `data` (a published post's address) as a QR code in SVG, labelled `label`. */
export function qrCode(data: string, label: string): Promise<string> {
  return call<string>("qr_code", { data, label });
}

/** The first door: starts the company's own workspace (name, IANA time zone, `ja` or `en`) in its folder and opens it. */
export function startWorkspace(name: string, timeZone: string, language: Language): Promise<null> {
  return call<null>("start_workspace", { name, timeZone, language });
}

/** The second door: opens the demo (built beside the company's folder the first time). */
export function openDemo(): Promise<null> {
  return call<null>("open_demo");
}

/** Leaves the demo for the company's own workspace (the two doors when it has none yet). */
export function leaveDemo(): Promise<null> {
  return call<null>("leave_demo");
}

/** The workspace settings. */
export function getSettings(): Promise<Settings> {
  return call<Settings>("get_settings");
}

/** Changes settings and returns them as saved. */
export function updateSettings(patch: SettingsPatch): Promise<Settings> {
  return call<Settings>("update_settings", { patch });
}

/** Every IANA time zone name. */
export function listTimeZones(): Promise<Array<string>> {
  return call<Array<string>>("list_time_zones");
}

/** One month of the calendar (`YYYY-MM`, workspace time zone). */
export function monthView(month: string): Promise<MonthView> {
  return call<MonthView>("month_view", { month });
}

/** Some posts as the calendar shows them (a deleted one is absent): after an autosave the calendar reloads only the post that changed. */
export function calendarPosts(ids: Array<PostId>): Promise<Array<CalendarPost>> {
  return call<Array<CalendarPost>>("calendar_posts", { ids });
}

/** Replaces a damaged workspace database with its newest backup. */
export function restoreBackup(): Promise<WorkspaceInfo> {
  return call<WorkspaceInfo>("restore_backup");
}

/** Counts a text the way each platform does. */
export function countText(text: string, platforms: Array<Platform>): Promise<Array<Count>> {
  return call<Array<Count>>("count_text", { text, platforms });
}

/** One post as the editor shows it. */
export function getPost(id: PostId): Promise<PostDetail> {
  return call<PostDetail>("get_post", { id });
}

/** Creates a draft at a wall-clock time in the workspace zone (`YYYY-MM-DDTHH:MM`). */
export function createPostAt(title: string, localTime: string, platforms: Array<Platform>): Promise<PostDetail> {
  return call<PostDetail>("create_post_at", { title, localTime, platforms });
}

/** Saves the editor's state (autosave). */
export function saveDraft(id: PostId, input: DraftInput): Promise<PostDetail> {
  return call<PostDetail>("save_draft", { id, input });
}

/** Moves a post to a wall-clock time; the answer carries the old time for undo. */
export function reschedulePost(id: PostId, localTime: string): Promise<Rescheduled> {
  return call<Rescheduled>("reschedule_post", { id, localTime });
}

/** A post's revisions, newest first. */
export function listRevisions(id: PostId): Promise<Array<Revision>> {
  return call<Array<Revision>>("list_revisions", { id });
}

/** Puts a revision's text back. */
export function restoreRevision(id: PostId, revision: RowId): Promise<PostDetail> {
  return call<PostDetail>("restore_revision", { id, revision });
}

/** Cadence, slots and open slots for a month. */
export function monthPlanning(month: string): Promise<MonthPlanning> {
  return call<MonthPlanning>("month_planning", { month });
}

/** Moves a post into the first open recurring slot. */
export function addToNextFreeSlot(id: PostId): Promise<OpenSlot> {
  return call<OpenSlot>("add_to_next_free_slot", { id });
}

/** Writes the calendar as an .ics file (Downloads, else the workspace's exports folder) and returns its path. */
export function exportIcs(): Promise<string> {
  return call<string>("export_ics");
}

/** The images of a post, in order. */
export function postMedia(id: PostId): Promise<Array<MediaInfo>> {
  return call<Array<MediaInfo>>("post_media", { id });
}

/** Attaches an image file (dropped on the window) to a post. */
export function attachImageFile(id: PostId, path: string): Promise<MediaInfo> {
  return call<MediaInfo>("attach_image_file", { id, path });
}

/** Attaches an image chosen in the file picker (base64 bytes) to a post. */
export function attachImageData(id: PostId, fileName: string, data: string): Promise<MediaInfo> {
  return call<MediaInfo>("attach_image_data", { id, fileName, data });
}

/** Changes an image's alt text, faces flag or people. */
export function updateMedia(media: RowId, patch: MediaPatch): Promise<MediaInfo> {
  return call<MediaInfo>("update_media", { media, patch });
}

/** Removes an image from a post. */
export function detachMedia(id: PostId, media: RowId): Promise<null> {
  return call<null>("detach_media", { id, media });
}

/** An image's thumbnail as a `data:` URL. */
export function mediaThumbnail(media: RowId): Promise<string> {
  return call<string>("media_thumbnail", { media });
}

/** Everyone on the roster. */
export function listPeople(): Promise<Array<PersonSummary>> {
  return call<Array<PersonSummary>>("list_people");
}

/** All templates. */
export function listTemplates(): Promise<Array<Template>> {
  return call<Array<Template>>("list_templates");
}

/** Adds (`id` null) or changes a template. */
export function saveTemplate(id: RowId | null, input: TemplateInput): Promise<Template> {
  return call<Template>("save_template", { id, input });
}

/** Deletes a template. */
export function deleteTemplate(id: RowId): Promise<null> {
  return call<null>("delete_template", { id });
}

/** All hashtag sets. */
export function listHashtagSets(): Promise<Array<HashtagSet>> {
  return call<Array<HashtagSet>>("list_hashtag_sets");
}

/** Adds (`id` null) or changes a hashtag set; `tags` is free text ("#a #b, c"). */
export function saveHashtagSet(id: RowId | null, name: string, tags: string, language: string): Promise<HashtagSet> {
  return call<HashtagSet>("save_hashtag_set", { id, name, tags, language });
}

/** Deletes a hashtag set. */
export function deleteHashtagSet(id: RowId): Promise<null> {
  return call<null>("delete_hashtag_set", { id });
}

/** Adds a monthly theme (`month` as `YYYY-MM`, `color` as `#rrggbb`). */
export function addTheme(month: string, title: string, description: string, color: string): Promise<null> {
  return call<null>("add_theme", { month, title, description, color });
}

/** Removes a monthly theme. */
export function deleteTheme(id: ThemeId): Promise<null> {
  return call<null>("delete_theme", { id });
}

/** Sets a weekly target (0 removes it): for the platform as a whole, or for one of its accounts. */
export function setCadence(platform: Platform, perWeek: number, account: RowId | null): Promise<null> {
  return call<null>("set_cadence", { platform, perWeek, account });
}

/** Adds a recurring slot (ISO weekday 1–7, `HH:MM`). */
export function addSlot(weekday: number, localTime: string, title: string, platform: Platform): Promise<null> {
  return call<null>("add_slot", { weekday, localTime, title, platform });
}

/** Removes a recurring slot. */
export function deleteSlot(id: RowId): Promise<null> {
  return call<null>("delete_slot", { id });
}

/** One person with their consent records. */
export function getPerson(id: PersonId): Promise<PersonDetail> {
  return call<PersonDetail>("get_person", { id });
}

/** Adds a person; returns the new id. */
export function addPerson(input: PersonInput): Promise<string> {
  return call<string>("add_person", { input });
}

/** Changes a person; marking them as left returns the posts that show them. */
export function updatePerson(id: PersonId, input: PersonInput): Promise<Impact> {
  return call<Impact>("update_person", { id, input });
}

/** Records a consent for a person. */
export function addConsent(person: PersonId, input: ConsentInput): Promise<null> {
  return call<null>("add_consent", { person, input });
}

/** Withdraws a consent today; returns the posts that show the person. */
export function withdrawConsent(consent: RowId): Promise<Impact> {
  return call<Impact>("withdraw_consent", { consent });
}

/** Imports a roster (.xlsx or CSV, base64 bytes); `mapping` names the column each header the import does not know means (empty: leave it out). Off the main thread, reporting its rows as operation `op` (stopped by `cancel_operation` before anything is written). */
export function importRoster(data: string, dryRun: boolean, mapping: Record<string, string> | null, op: string | null): Promise<ImportReport> {
  return call<ImportReport>("import_roster", { data, dryRun, mapping, op });
}

/** Writes the roster as CSV to Downloads (else the workspace's exports folder); returns the path. */
export function exportRoster(): Promise<string> {
  return call<string>("export_roster");
}

/** Holds back a post that shows someone who withdrew or left (pauses it). */
export function holdBackPost(id: PostId): Promise<null> {
  return call<null>("hold_back_post", { id });
}

/** This computer's addresses the phone page can listen on (its network address first). */
export function intakeAddresses(): Promise<Array<string>> {
  return call<Array<string>>("intake_addresses");
}

/** Opens the phone page on `bind`:`port` for `minutes`, with codes for everyone (or for one request's people); codes live `code_days` days when given (for a printed sheet). */
export function intakeOpen(bind: string, port: number, minutes: number, request: RowId | null, codeDays: number | null): Promise<IntakeStatus> {
  return call<IntakeStatus>("intake_open", { bind, port, minutes, request, codeDays });
}

/** The open intake, or nothing once it closed (by the lead or by its time). */
export function intakeStatus(): Promise<IntakeStatus | null> {
  return call<IntakeStatus | null>("intake_status");
}

/** Closes the phone page now; its codes end with it unless they were made for a sheet. */
export function intakeClose(): Promise<null> {
  return call<null>("intake_close");
}

/** Revokes one code at once (a lost phone, a code shown to the wrong person). */
export function intakeRevoke(token: RowId): Promise<null> {
  return call<null>("intake_revoke", { token });
}

/** Writes the sheet of the open intake's codes (PDF) to Downloads; returns the path. */
export function intakeSheet(): Promise<string> {
  return call<string>("intake_sheet");
}

/** The watched folder of this computer, if set. */
export function watchFolder(): Promise<string | null> {
  return call<string | null>("watch_folder");
}

/** Sets (or clears, with `None`) the watched folder, and looks at it at once. */
export function setWatchFolder(folder: string | null): Promise<ScanReport | null> {
  return call<ScanReport | null>("set_watch_folder", { folder });
}

/** Files from the watched folder waiting for their giver. */
export function folderFiles(): Promise<Array<FolderFile>> {
  return call<Array<FolderFile>>("folder_files");
}

/** Assigns a file from the folder to its giver and request; returns the material. */
export function assignFolderFile(file: RowId, person: PersonId, request: RowId | null, appearance: Appearance): Promise<string> {
  return call<string>("assign_folder_file", { file, person, request, appearance });
}

/** Puts a file from the folder aside (not material). */
export function dismissFolderFile(file: RowId): Promise<null> {
  return call<null>("dismiss_folder_file", { file });
}

/** Approved posts' jobs that have not gone out: what can be handed to someone to post by hand. */
export function handoffCandidates(): Promise<Array<Candidate>> {
  return call<Array<Candidate>>("handoff_candidates");
}

/** Whether the app opens the phone page by itself while a request is open, and where. */
export function autoIntake(): Promise<AutoIntake> {
  return call<AutoIntake>("auto_intake");
}

/** Changes that setting (the address must be this computer's private or loopback one). */
export function setAutoIntake(setting: AutoIntake): Promise<null> {
  return call<null>("set_auto_intake", { setting });
}

/** Hands a job to someone to post by hand: the publisher leaves it alone, and the open phone page shows the approved post under a new code, which is returned. */
export function intakeHandoff(job: RowId): Promise<Code> {
  return call<Code>("intake_handoff", { job });
}

/** Takes a handoff back: the publisher may send the post again; its codes stop. */
export function handoffTakeBack(job: RowId): Promise<null> {
  return call<null>("handoff_take_back", { job });
}

/** Departments with their active head count. */
export function listDepartments(): Promise<Array<Department>> {
  return call<Array<Department>>("list_departments");
}

/** Every request with everyone asked and where each stands. */
export function requestBoard(): Promise<Array<RequestSummary>> {
  return call<Array<RequestSummary>>("request_board");
}

/** The requests one person was sent. */
export function personRequests(person: PersonId): Promise<Array<AssignedRequest>> {
  return call<Array<AssignedRequest>>("person_requests", { person });
}

/** Sends a request; returns its id. */
export function sendRequest(input: RequestInput): Promise<string> {
  return call<string>("send_request", { input });
}

/** Withdraws a request (material already sent is kept). */
export function deleteRequest(id: RowId): Promise<null> {
  return call<null>("delete_request", { id });
}

/** Material received, newest first. */
export function listMaterials(): Promise<Array<Material>> {
  return call<Array<Material>>("list_materials");
}

/** Records material a person sent: a comment, an image (base64), or both. */
export function sendMaterial(person: PersonId, request: RowId | null, comment: string, imageName: string | null, imageData: string | null): Promise<string> {
  return call<string>("send_material", { person, request, comment, imageName, imageData });
}

/** Turns material into a draft; returns the draft's id. */
export function materialToDraft(id: RowId): Promise<string> {
  return call<string>("material_to_draft", { id });
}

/** The current guideline version, if one is published. */
export function currentGuideline(): Promise<GuidelineVersion | null> {
  return call<GuidelineVersion | null>("current_guideline");
}

/** Everyone's training against the current guideline. */
export function listTraining(): Promise<Array<TrainingStatus>> {
  return call<Array<TrainingStatus>>("list_training");
}

/** Records that a person acknowledged the current guideline. */
export function acknowledgeGuideline(person: PersonId): Promise<null> {
  return call<null>("acknowledge_guideline", { person });
}

/** One person's ledger, month by month, `from` to `to` (`YYYY-MM`). */
export function personLedger(person: PersonId, from: string, to: string): Promise<Array<LedgerEntry>> {
  return call<Array<LedgerEntry>>("person_ledger", { person, from, to });
}

/** Everyone who contributed in a month, in roster order (never by amount). */
export function listContributors(month: string): Promise<Array<Contributor>> {
  return call<Array<Contributor>>("list_contributors", { month });
}

/** Contributors by amount, only where the workspace allows ranking. */
export function contributionRanking(month: string): Promise<Array<Contributor>> {
  return call<Array<Contributor>>("contribution_ranking", { month });
}

/** Thanks and highlights of a month. */
export function listRecognitions(month: string): Promise<Array<Recognition>> {
  return call<Array<Recognition>>("list_recognitions", { month });
}

/** Thanks someone, or makes them a highlight of the month. */
export function recognise(person: PersonId, kind: RecognitionKind, month: string, note: string): Promise<null> {
  return call<null>("recognise", { person, kind, month, note });
}

/** Checks a post's text as typed (not yet saved); `platform` for a platform's own version. */
export function lintText(post: PostId, text: string, platform: Platform | null): Promise<LintResult> {
  return call<LintResult>("lint_text", { post, text, platform });
}

/** Checks a stored post: main text, each platform's version, people and images. */
export function checkPost(post: PostId): Promise<PostCheck> {
  return call<PostCheck>("check_post", { post });
}

/** The guideline version being edited. */
export function guidelineDraft(): Promise<GuidelineDraft> {
  return call<GuidelineDraft>("guideline_draft");
}

/** Saves the draft of the next guideline version. */
export function saveGuidelineDraft(title: string, rules: GuidelineRules): Promise<GuidelineDraft> {
  return call<GuidelineDraft>("save_guideline_draft", { title, rules });
}

/** Publishes the draft as the new current version. */
export function publishGuideline(): Promise<GuidelineVersion> {
  return call<GuidelineVersion>("publish_guideline");
}

/** Every published version, newest first. */
export function guidelineVersions(): Promise<Array<GuidelineVersion>> {
  return call<Array<GuidelineVersion>>("guideline_versions");
}

/** Reads a term-list CSV chosen in the file picker (base64 bytes). */
export function readTermsCsv(data: string): Promise<TermsFile> {
  return call<TermsFile>("read_terms_csv", { data });
}

/** Writes the draft's term list as CSV to Downloads; returns the path. */
export function exportTermsCsv(): Promise<string> {
  return call<string>("export_terms_csv");
}

/** Sends a post for review. */
export function submitForReview(post: PostId): Promise<null> {
  return call<null>("submit_for_review", { post });
}

/** Approves a post with the checklist items ticked. */
export function approvePost(post: PostId, ticked: Array<string>, comment: string): Promise<null> {
  return call<null>("approve_post", { post, ticked, comment });
}

/** Sends a post back with a comment. */
export function requestChanges(post: PostId, comment: string): Promise<null> {
  return call<null>("request_changes", { post, comment });
}

/** Posts waiting for review. */
export function reviewQueue(): Promise<Array<QueuedPost>> {
  return call<Array<QueuedPost>>("review_queue");
}

/** The audit log (all posts, or one). */
export function auditLog(post: PostId | null): Promise<Array<ReviewEntry>> {
  return call<Array<ReviewEntry>>("audit_log", { post });
}

/** Writes the audit log as CSV to Downloads; returns the path. */
export function exportAuditCsv(): Promise<string> {
  return call<string>("export_audit_csv");
}

/** Who uses this device. */
export function whoAmI(): Promise<PersonId | null> {
  return call<PersonId | null>("who_am_i");
}

/** The window has painted its first calendar. Only the start-up benchmark (`scripts/bench-start.sh`) listens: with `TSUNAGU_BENCH_EXIT` set the app quits here, and with `TSUNAGU_BENCH_REPORT` set it says so on standard output; otherwise nothing happens. */
export function benchPainted(): Promise<null> {
  return call<null>("bench_painted");
}

/** Records who uses this device, the first time (refused once someone has it). */
export function setMe(person: PersonId): Promise<null> {
  return call<null>("set_me", { person });
}

/** Gives this computer to another person (recorded in the change log). */
export function handOverDevice(person: PersonId): Promise<null> {
  return call<null>("hand_over_device", { person });
}

/** The crisis pause, if one is on. */
export function crisisState(): Promise<Crisis | null> {
  return call<Crisis | null>("crisis_state");
}

/** Pauses every scheduled post; returns how many. */
export function crisisPause(): Promise<number> {
  return call<number>("crisis_pause");
}

/** Ends the crisis pause (after confirmation); returns how many posts resumed. */
export function crisisResume(confirmed: boolean): Promise<number> {
  return call<number>("crisis_resume", { confirmed });
}

/** A guideline version's rules (to show an older version). */
export function guidelineRules(version: number): Promise<GuidelineRules> {
  return call<GuidelineRules>("guideline_rules", { version });
}

/** Connected accounts (no secrets). */
export function listAccounts(): Promise<Array<Account>> {
  return call<Array<Account>>("list_accounts");
}

/** Connects a Bluesky account with an app password. */
export function connectBluesky(service: string, handle: string, password: string): Promise<Account> {
  return call<Account>("connect_bluesky", { service, handle, password });
}

/** Disconnects an account (its tokens leave the keychain). */
export function disconnectAccount(id: RowId): Promise<null> {
  return call<null>("disconnect_account", { id });
}

/** Gives an account its company name and calendar colour. */
export function setAccountProfile(id: RowId, displayName: string, colour: string | null): Promise<Account> {
  return call<Account>("set_account_profile", { id, displayName, colour });
}

/** Deletes a post; `choice` says what to do with a published one (take it down from the platforms first, or remove it from Tsunagu only). Off the main thread and on its own connection: taking down waits on the platforms. */
export function deletePost(post: PostId, choice: DeletionKind | null): Promise<DeletedPost> {
  return call<DeletedPost>("delete_post", { post, choice });
}

/** Brings back a post deleted in the last 30 days. */
export function restorePost(post: PostId): Promise<DeletedPost> {
  return call<DeletedPost>("restore_post", { post });
}

/** The deleted posts that can still be brought back, newest first. */
export function deletedPosts(): Promise<Array<DeletedPost>> {
  return call<Array<DeletedPost>>("deleted_posts");
}

/** Reads a month's plan (`.xlsx` or CSV, base64) as drafts; `dry_run` only checks and shows what would be made. Off the main thread, reporting its rows as operation `op` (which `cancel_operation` stops before anything is written). */
export function importPosts(data: string, dryRun: boolean, op: string | null): Promise<PostsImport> {
  return call<PostsImport>("import_posts", { data, dryRun, op });
}

/** Writes the calendar from `from` to `to` (`YYYY-MM-DD`, both optional) as CSV to Downloads (else the workspace's exports folder); returns the path. */
export function exportPosts(from: string | null, to: string | null): Promise<string> {
  return call<string>("export_posts", { from, to });
}

/** The posts whose title or text holds every word of `query`, newest first. */
export function searchPosts(query: string): Promise<Array<CalendarPost>> {
  return call<Array<CalendarPost>>("search_posts", { query });
}

/** Asks the operation `op` (an import) to stop; whether it was running. It stops at its next step, before it writes anything. */
export function cancelOperation(op: string): Promise<boolean> {
  return call<boolean>("cancel_operation", { op });
}

/** A preset's plan for `month` (`YYYY-MM`), in the workspace's language, for the lead to adjust. */
export function setupPreset(preset: Preset, month: string, japanese: boolean): Promise<SetupPlan> {
  return call<SetupPlan>("setup_preset", { preset, month, japanese });
}

/** Writes the adjusted plan (purpose, KPIs, themes, cadence, slots) in one transaction. */
export function applySetupPlan(plan: SetupPlan): Promise<SetupApplied> {
  return call<SetupApplied>("apply_setup_plan", { plan });
}

/** Adds departments and sites by name. */
export function addPlaces(departments: Array<string>, sites: Array<string>): Promise<null> {
  return call<null>("add_places", { departments, sites });
}

/** Marks the guide finished (or to be shown again). */
export function setSetupDone(done: boolean): Promise<null> {
  return call<null>("set_setup_done", { done });
}

/** The products and services the guideline lists (for the setup guide's rules step). */
export function products(): Promise<Array<string>> {
  return call<Array<string>>("products");
}

/** Sets the products and services and publishes the guideline with them. */
export function setProducts(names: Array<string>): Promise<Array<string>> {
  return call<Array<string>>("set_products", { names });
}

/** The workspaces this computer opened recently, newest first, the open one marked. */
export function recentWorkspaces(): Promise<Array<RecentWorkspace>> {
  return call<Array<RecentWorkspace>>("recent_workspaces");
}

/** Opens the workspace in the folder `path` (absolute); the open one stays when there is none. */
export function openWorkspace(path: string): Promise<null> {
  return call<null>("open_workspace", { path });
}

/** Starts a new company workspace in the folder `path` (absolute, new or empty) and opens it. */
export function createWorkspace(path: string, name: string, timeZone: string, language: Language): Promise<null> {
  return call<null>("create_workspace", { path, name, timeZone, language });
}

/** Converts the demo into the company's own workspace (every demo person and post stays behind; templates, hashtag sets and the guideline go with it) and opens it. */
export function convertDemo(name: string, timeZone: string, language: Language): Promise<Converted> {
  return call<Converted>("convert_demo", { name, timeZone, language });
}

/** Makes an account its platform's default. */
export function makeDefaultAccount(id: RowId): Promise<Account> {
  return call<Account>("make_default_account", { id });
}

/** Sets (or removes) an account's monthly spending cap, in millionths of a US dollar. */
export function setAccountCap(id: RowId, capMicros: number | null): Promise<Account> {
  return call<Account>("set_account_cap", { id, capMicros });
}

/** What a post's X version will cost, against its account's month. */
export function postXCost(post: PostId): Promise<XCost | null> {
  return call<XCost | null>("post_x_cost", { post });
}

/** Connections ending within two weeks (or ended), soonest first. */
export function expiryWarnings(): Promise<Array<ExpiryWarning>> {
  return call<Array<ExpiryWarning>>("expiry_warnings");
}

/** The next post to go out and whether this computer must be on for it. */
export function nextPost(): Promise<NextPost | null> {
  return call<NextPost | null>("next_post");
}

/** Whether Tsunagu starts at login (with its window hidden, so the scheduler runs). */
export function autostartEnabled(): Promise<boolean> {
  return call<boolean>("autostart_enabled");
}

/** Starts Tsunagu at login, or stops doing so; returns whether it now does. */
export function setAutostart(on: boolean): Promise<boolean> {
  return call<boolean>("set_autostart", { on });
}

/** Reads every token account's expiry from its platform now. */
export function checkTokenHealth(): Promise<HealthReport> {
  return call<HealthReport>("check_token_health");
}

/** Posts waiting to be posted by hand. */
export function handoffsWaiting(): Promise<Array<Candidate>> {
  return call<Array<Candidate>>("handoffs_waiting");
}

/** The kit of a handed-off post, or why there is none. */
export function handoffKit(job: RowId): Promise<KitAnswer> {
  return call<KitAnswer>("handoff_kit", { job });
}

/** Saves the `n`-th image of a kit (made for its channel) to Downloads; returns the path. */
export function saveKitImage(job: RowId, n: number): Promise<string> {
  return call<string>("save_kit_image", { job, n });
}

/** Records the address of a post made by hand: nothing when it was recorded, else why not. */
export function recordHandoff(job: RowId, hash: string, url: string): Promise<HandoffProblem | null> {
  return call<HandoffProblem | null>("record_handoff", { job, hash, url });
}

/** Marks an account as posted by hand (or by Tsunagu again). */
export function setAccountByHand(id: RowId, byHand: boolean): Promise<Account> {
  return call<Account>("set_account_by_hand", { id, byHand });
}

/** Connects a LINE official account with its channel access token (to the keychain only). */
export function connectLine(api: string, token: string): Promise<Account> {
  return call<Account>("connect_line", { api, token });
}

/** The month's LINE messages for a post's broadcast. */
export function postLineQuota(post: PostId): Promise<LineQuota | null> {
  return call<LineQuota | null>("post_line_quota", { post });
}

/** What to register on a developer site for sign-in on `port`. */
export function guideFacts(site: GuideSite, port: number): Promise<GuideFacts> {
  return call<GuideFacts>("guide_facts", { site, port });
}

/** Asks the platform whether it takes the app's client id with the callback on `port`. */
export function checkAppClient(site: GuideSite, api: string, clientId: string, port: number): Promise<GuideCheck> {
  return call<GuideCheck>("check_app_client", { site, api, clientId, port });
}

/** Jobs that failed and need a person. */
export function failedJobs(): Promise<Array<Job>> {
  return call<Array<Job>>("failed_jobs");
}

/** Puts a failed job back in the queue. */
export function retryJob(id: RowId): Promise<null> {
  return call<null>("retry_job", { id });
}

/** A post's jobs, per platform. */
export function postJobs(post: PostId): Promise<Array<Job>> {
  return call<Array<Job>>("post_jobs", { post });
}

/** Posts that came due while nothing was publishing. */
export function missedPosts(): Promise<Array<MissedPost>> {
  return call<Array<MissedPost>>("missed_posts");
}

/** Publishes a missed post now. */
export function publishMissedNow(post: PostId): Promise<null> {
  return call<null>("publish_missed_now", { post });
}

/** Does not publish a missed post (it goes back to approved). */
export function skipMissed(post: PostId): Promise<null> {
  return call<null>("skip_missed", { post });
}

/** Gives a missed post a new time ahead (wall clock in the workspace zone). */
export function rescheduleMissed(post: PostId, localTime: string): Promise<null> {
  return call<null>("reschedule_missed", { post, localTime });
}

/** Runs a publishing pass now instead of waiting for the next one. */
export function publishNow(): Promise<boolean> {
  return call<boolean>("publish_now");
}

/** Connects a Mastodon account through the system browser (OAuth with PKCE on a loopback redirect). Runs off the main thread: it waits, up to five minutes, for the person to approve in the browser, and holds the workspace only to record the result. */
export function connectMastodon(instance: string): Promise<Account> {
  return call<Account>("connect_mastodon", { instance });
}

/** Connects a Mastodon account with an access token made on the instance. */
export function connectMastodonToken(instance: string, token: string): Promise<Account> {
  return call<Account>("connect_mastodon_token", { instance, token });
}

/** Asks every platform a published post went to to delete it (from the roster's impact list, when consent is withdrawn). Off the main thread and on its own connection: it waits on the platforms. */
export function deleteFromPlatforms(post: PostId): Promise<Withdrawal> {
  return call<Withdrawal>("delete_from_platforms", { post });
}

/** The latest numbers of a post on each platform. */
export function postMetrics(post: PostId): Promise<Array<PostMetrics>> {
  return call<Array<PostMetrics>>("post_metrics", { post });
}

/** Every reading of a post's numbers, oldest first (its reactions over time). */
export function postMetricsHistory(post: PostId): Promise<Array<PostMetrics>> {
  return call<Array<PostMetrics>>("post_metrics_history", { post });
}

/** Connects an X account through the system browser: the company's X app (a public "Native App" client id) with its registered loopback port; OAuth 2.0 with PKCE. Off the main thread: it waits, up to five minutes, for the person to approve. */
export function connectX(api: string, clientId: string, port: number): Promise<Account> {
  return call<Account>("connect_x", { api, clientId, port });
}

/** Connects a LinkedIn, Facebook Page, Instagram or Threads account with a token made elsewhere (LinkedIn's token generator, a Page token, a long-lived token). `target` is the LinkedIn organisation or Facebook Page id, when there is one. */
export function connectWithToken(platform: Platform, api: string, token: string, target: string | null): Promise<Account> {
  return call<Account>("connect_with_token", { platform, api, token, target });
}

/** Connects through the company's token-exchange endpoint: the platform's consent page in the system browser, the code back on the registered loopback port, tokens from the endpoint. Waits up to five minutes for the person. */
export function connectViaExchange(signIn: BrokerSignIn): Promise<Account> {
  return call<Account>("connect_via_exchange", { signIn });
}

/** The media host settings (no secret), if set. */
export function mediaHost(): Promise<MediaHostConfig | null> {
  return call<MediaHostConfig | null>("media_host");
}

/** Sets the media host, or removes it with `None`. An empty `secret_key` keeps the stored one. */
export function setMediaHost(config: MediaHostConfig | null, secretKey: string): Promise<MediaHostConfig | null> {
  return call<MediaHostConfig | null>("set_media_host", { config, secretKey });
}

/** Puts a small file on the media host, reads it back and deletes it. */
export function checkMediaHost(): Promise<null> {
  return call<null>("check_media_host");
}

/** Posts that cannot go out as they are (Instagram and Threads without a media host). */
export function blockedPosts(): Promise<Array<BlockedPost>> {
  return call<Array<BlockedPost>>("blocked_posts");
}

/** Where this device stands in its team; `null` when it is in none. */
export function teamStatus(): Promise<TeamStatus | null> {
  return call<TeamStatus | null>("team_status");
}

/** Makes this workspace the lead of a new team at `place`. */
export function teamCreate(place: PlaceInput): Promise<TeamStatus> {
  return call<TeamStatus>("team_create", { place });
}

/** A one-time invite code for a person's laptop. */
export function teamInvite(person: PersonId, lead: boolean): Promise<string> {
  return call<string>("team_invite", { person, lead });
}

/** Joins a team with an invite code from the lead, at `place`: this computer's workspace is set aside (kept in its folder) and the team's opens in its place. */
export function teamJoin(code: string, place: PlaceInput): Promise<TeamStatus> {
  return call<TeamStatus>("team_join", { code, place });
}

/** Where this computer reaches the team's files, if they moved (or the password changed). */
export function teamSetPlace(place: PlaceInput): Promise<TeamStatus> {
  return call<TeamStatus>("team_set_place", { place });
}

/** Admits a waiting device by its fingerprint. */
export function teamAdmit(fingerprint: string): Promise<TeamMember> {
  return call<TeamMember>("team_admit", { fingerprint });
}

/** Removes a device from the team. */
export function teamRevoke(fingerprint: string): Promise<TeamMember> {
  return call<TeamMember>("team_revoke", { fingerprint });
}

/** One sync round now. */
export function syncNow(): Promise<SyncReport> {
  return call<SyncReport>("sync_now");
}

/** Fields two devices changed without seeing each other's change. */
export function syncConflicts(): Promise<Array<Conflict>> {
  return call<Array<Conflict>>("sync_conflicts");
}

/** Settles a conflict with `value` (JSON text: one of the versions, or a merge). */
export function resolveConflict(entity: string, entityId: string, field: string, value: string): Promise<null> {
  return call<null>("resolve_conflict", { entity, entityId, field, value });
}

/** Changes refused and kept aside. */
export function syncQuarantine(): Promise<Array<Quarantined>> {
  return call<Array<Quarantined>>("sync_quarantine");
}

/** The dashboard of the months `from` to `to` (`YYYY-MM`, both included). */
export function dashboard(from: string, to: string): Promise<Dashboard> {
  return call<Dashboard>("dashboard", { from, to });
}

/** Every purpose. */
export function listPurposes(): Promise<Array<Purpose>> {
  return call<Array<Purpose>>("list_purposes");
}

/** Adds a KPI. */
export function addKpi(input: KpiInput): Promise<Kpi> {
  return call<Kpi>("add_kpi", { input });
}

/** Sets an external KPI's value for a month. */
export function setKpiValue(kpi: RowId, month: string, value: number): Promise<null> {
  return call<null>("set_kpi_value", { kpi, month, value });
}

/** Imports external KPI values from a CSV file (base64), or checks it with `dry_run`. */
export function importKpiCsv(data: string, dryRun: boolean): Promise<KpiImportReport> {
  return call<KpiImportReport>("import_kpi_csv", { data, dryRun });
}

/** Marks a published post as a success story with what happened. */
export function markSuccess(postId: PostId, note: string): Promise<null> {
  return call<null>("mark_success", { postId, note });
}

/** Takes a post off the success stories. */
export function unmarkSuccess(postId: PostId): Promise<null> {
  return call<null>("unmark_success", { postId });
}

/** Writes the monthly report (`pdf`, `html` or `csv`) to Downloads; returns the path. */
export function exportReport(month: string, format: string, language: ReportLanguage): Promise<string> {
  return call<string>("export_report", { month, format, language });
}

/** Writes the weekly digest of `department` for `week` (`YYYY-Www`) as `pdf` or `html` to Downloads; returns the path. */
export function exportDigest(department: string, week: string, format: string, language: ReportLanguage): Promise<string> {
  return call<string>("export_digest", { department, week, format, language });
}

/** The assistant set on this computer, if any. */
export function assistantSettings(): Promise<AssistantSettings | null> {
  return call<AssistantSettings | null>("assistant_settings");
}

/** Sets the assistant on this computer, or turns it off with `None`. */
export function setAssistant(input: AssistantInput | null): Promise<AssistantSettings | null> {
  return call<AssistantSettings | null>("set_assistant", { input });
}

/** What the assistant wrote about a post (for the editor and the review). */
export function assistantNotes(post: PostId): Promise<Array<AssistantNote>> {
  return call<Array<AssistantNote>>("assistant_notes", { post });
}

/** A draft from material, written by the assistant; returns the draft. */
export function assistantDraft(material: RowId, op: string | null): Promise<PostId> {
  return call<PostId>("assistant_draft", { material, op });
}

/** Versions of a post that fit each platform (nothing saved: the editor offers them). */
export function assistantFit(post: PostId, op: string | null): Promise<Array<FitSuggestion>> {
  return call<Array<FitSuggestion>>("assistant_fit", { post, op });
}

/** A guideline finding explained, with a rewrite the editor offers. */
export function assistantExplain(post: PostId, finding: string, op: string | null): Promise<Explanation> {
  return call<Explanation>("assistant_explain", { post, finding, op });
}

/** Ideas for a month (`YYYY-MM`), added to the calendar unscheduled. */
export function assistantPlan(month: string, op: string | null): Promise<Array<PostId>> {
  return call<Array<PostId>>("assistant_plan", { month, op });
}

/** Alt text for one of a post's images (nothing saved: the editor offers it). */
export function assistantAlt(post: PostId, media: RowId, op: string | null): Promise<string> {
  return call<string>("assistant_alt", { post, media, op });
}

/** Writes the briefing kit as an A4 `handout` or 16:9 `slides` (PDF) to Downloads; returns the path. */
export function exportKit(format: string, language: ReportLanguage): Promise<string> {
  return call<string>("export_kit", { format, language });
}

/** The request whose phone-page code the kit will carry, if any (the screen says so before the kit is made). */
export function kitCode(): Promise<string | null> {
  return call<string | null>("kit_code");
}

/** The company chat set on this computer (which one and where; never the address or token). */
export function chatSettings(): Promise<ChatSettings | null> {
  return call<ChatSettings | null>("chat_settings");
}

/** Sets the company chat (kept in the keychain), or forgets it with `None`. */
export function setChat(input: ChatInput | null): Promise<ChatSettings | null> {
  return call<ChatSettings | null>("set_chat", { input });
}

/** The month's highlights (`YYYY-MM`) exactly as the chat would receive them. */
export function chatPreview(month: string, language: ReportLanguage): Promise<ChatMessage> {
  return call<ChatMessage>("chat_preview", { month, language });
}

/** Sends the month's highlights to the company chat. */
export function sendToChat(month: string, language: ReportLanguage): Promise<ChatKind> {
  return call<ChatKind>("send_to_chat", { month, language });
}

/** The purpose a post serves, if any. */
export function postPurpose(postId: PostId): Promise<string | null> {
  return call<string | null>("post_purpose", { postId });
}

/** Links a post to a purpose (or unlinks it with `None`); the approval stands. */
export function setPostPurpose(postId: PostId, purpose: PurposeId | null): Promise<null> {
  return call<null>("set_post_purpose", { postId, purpose });
}

/** What the window shows about updates. */
export function updateStatus(): Promise<UpdateStatus> {
  return call<UpdateStatus>("update_status");
}

/** Looks for an update now. */
export function checkForUpdate(): Promise<UpdateStatus> {
  return call<UpdateStatus>("check_for_update");
}

/** Installs the offered update (the person consented in the window). */
export function installUpdate(): Promise<UpdateStatus> {
  return call<UpdateStatus>("install_update");
}

/** Restarts the app into the installed version. */
export function restartApp(): Promise<null> {
  return call<null>("restart_app");
}

