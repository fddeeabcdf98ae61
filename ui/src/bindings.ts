// Generated from the Rust IPC types and src-tauri/src/commands.rs. Do not edit:
// run scripts/bindings.sh instead (a test fails while this file is stale).

import { invoke } from "@tauri-apps/api/core";

export type PostId = string;

export type ThemeId = string;

export type PersonId = string;

export type ErrorCode = "workspace_missing" | "workspace_read_only" | "workspace_not_a_folder" | "schema_too_new" | "database_corrupt" | "database_busy" | "database" | "io" | "invalid_time_zone" | "invalid_input" | "not_found" | "no_backup";

export type IpcError = { 
/**
 * What kind of failure.
 */
code: ErrorCode, 
/**
 * What happened and what to do, in English (the UI translates by code).
 */
message: string, };

export type Changed = "settings" | "workspace";

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

export type Language = "system" | "ja" | "en";

export type Platform = "x" | "bluesky" | "mastodon" | "linkedin" | "facebook" | "instagram" | "threads";

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
language: Language, };

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
language?: Language, };

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
time_zone: string, };

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
theme_id: ThemeId | null, };

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
themes: Array<Theme>, };

export const PLATFORMS = ["x", "bluesky", "mastodon", "linkedin", "facebook", "instagram", "threads"] as const;
export const POST_STATUSES = ["idea", "draft", "in_review", "changes_requested", "approved", "scheduled", "published", "failed", "paused"] as const;
export const LANGUAGES = ["system", "ja", "en"] as const;
export const CHANGED_EVENT = "tsunagu://changed";

/** Calls a command; a failure rejects with an IpcError. */
function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
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

/** Replaces a damaged workspace database with its newest backup. */
export function restoreBackup(): Promise<WorkspaceInfo> {
  return call<WorkspaceInfo>("restore_backup");
}

