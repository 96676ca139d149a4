import type { Migration } from 'kysely/migration'
import * as m000100 from './2026_11_26_000100_staff_users.js'
import * as m000200 from './2026_11_26_000200_sessions.js'
import * as m000300 from './2026_11_26_000300_login_history.js'
import * as m000400 from './2026_11_26_000400_company_settings.js'
import * as m000500 from './2026_11_26_000500_audit_log.js'
import * as m000600 from './2026_11_26_000600_staff_notes.js'
import * as m000700 from './2026_11_26_000700_unions_members.js'
import * as m000800 from './2026_11_26_000800_documents.js'
import * as m000900 from './2026_11_26_000900_loan_types.js'
import * as m001000 from './2026_11_26_001000_loans.js'
import * as m001100 from './2026_11_26_001100_saved_reports.js'
import * as m120301 from './2026_12_03_000100_loan_ledger.js'
import * as m120305 from './2026_12_03_000500_list_search.js'
import * as m120306 from './2026_12_03_000600_portfolio_snapshots.js'
import * as m120307 from './2026_12_03_000700_collection_facts.js'
import * as m120308 from './2026_12_03_000800_loan_state_listing.js'
import * as m120309 from './2026_12_03_000900_login_history_ip.js'
import * as m120310 from './2026_12_03_001000_export_jobs.js'
import * as m120311 from './2026_12_03_001100_backups.js'
import * as m120312 from './2026_12_03_001200_legacy_import.js'
import * as m120313 from './2026_12_03_001300_backup_schedule.js'
import * as m120315 from './2026_12_03_001500_tour.js'
import * as m120316 from './2026_12_03_001600_calendar_meetings.js'
import * as m120317 from './2026_12_03_001700_loan_changes.js'
import * as m120318 from './2026_12_03_001800_loan_meeting_terms.js'
import * as m120319 from './2026_12_03_001900_loan_top_up.js'
import * as m120320 from './2026_12_03_002000_snapshot_restructured.js'

/**
 * Every migration, by name, in order. An explicit map (no folder scanning) so the compiled bundle
 * and the tests see exactly the same list; a test checks it matches the folder.
 */
export const migrations: Readonly<Record<string, Migration>> = {
  '2026_11_26_000100_staff_users': m000100,
  '2026_11_26_000200_sessions': m000200,
  '2026_11_26_000300_login_history': m000300,
  '2026_11_26_000400_company_settings': m000400,
  '2026_11_26_000500_audit_log': m000500,
  '2026_11_26_000600_staff_notes': m000600,
  '2026_11_26_000700_unions_members': m000700,
  '2026_11_26_000800_documents': m000800,
  '2026_11_26_000900_loan_types': m000900,
  '2026_11_26_001000_loans': m001000,
  '2026_11_26_001100_saved_reports': m001100,
  '2026_12_03_000100_loan_ledger': m120301,
  '2026_12_03_000500_list_search': m120305,
  '2026_12_03_000600_portfolio_snapshots': m120306,
  '2026_12_03_000700_collection_facts': m120307,
  '2026_12_03_000800_loan_state_listing': m120308,
  '2026_12_03_000900_login_history_ip': m120309,
  '2026_12_03_001000_export_jobs': m120310,
  '2026_12_03_001100_backups': m120311,
  '2026_12_03_001200_legacy_import': m120312,
  '2026_12_03_001300_backup_schedule': m120313,
  '2026_12_03_001500_tour': m120315,
  '2026_12_03_001600_calendar_meetings': m120316,
  '2026_12_03_001700_loan_changes': m120317,
  '2026_12_03_001800_loan_meeting_terms': m120318,
  '2026_12_03_001900_loan_top_up': m120319,
  '2026_12_03_002000_snapshot_restructured': m120320,
}
