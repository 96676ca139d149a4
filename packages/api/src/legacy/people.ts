import type { Database, Gender, Insertable, MaritalStatus } from '@mp/db'
import { normaliseNigerianPhone } from '../services/staff.js'
import { dayOf, instantOf, isTrue, readTable } from './read.js'
import {
  EMAIL,
  insertChunked,
  isNew,
  mapped,
  newId,
  note,
  reasonText,
  refuse,
  remember,
  type ImportRun,
} from './run.js'

// Unions and their officer history, members and their union history, staff notes
// (docs/cutover.md, "What comes across").

export async function importUnions(run: ImportRun): Promise<void> {
  const rows = await readTable(
    run.legacy,
    'Union',
    ['id', 'name', 'location', 'address', 'creditOfficerId', 'createdAt', 'deletedAt'],
    '"createdAt", "id"',
  )
  const live = await run.trx.selectFrom('union').select('name').where('deleted_at', 'is', null).execute()
  const names = new Set(live.map((u) => u.name.toLowerCase()))
  for (const row of rows) {
    const legacyId = row.id ?? ''
    if (!isNew(run, 'union', legacyId)) continue
    const officerId = mapped(run, 'staff', row.creditOfficerId)
    if (officerId === null) {
      refuse(run, 'union', legacyId, 'credit officer not imported', row.creditOfficerId ?? '')
      continue
    }
    let name = (row.name ?? '').trim().slice(0, 110) || 'Union'
    const deletedAt = instantOf(row.deletedAt)
    if (deletedAt === null) {
      // Names are unique among live unions here; the old system allowed the same name twice.
      const base = name
      for (let n = 2; names.has(name.toLowerCase()); n += 1) name = `${base} (${n})`
      if (name !== base) note(run, 'union', 'duplicate name given a number')
      names.add(name.toLowerCase())
    }
    const id = newId()
    await run.trx
      .insertInto('union')
      .values({
        id,
        name,
        location: row.location,
        address: row.address,
        credit_officer_id: officerId,
        created_at: instantOf(row.createdAt) ?? new Date(),
        deleted_at: deletedAt,
      })
      .execute()
    await remember(run, 'union', [[legacyId, id]])
  }
}

export async function importUnionHistory(run: ImportRun): Promise<void> {
  const rows = await readTable(
    run.legacy,
    'UnionAssignmentHistory',
    ['id', 'unionId', 'oldOfficerId', 'newOfficerId', 'changedByUserId', 'reason', 'changedAt'],
    '"changedAt", "id"',
  )
  const pairs: [string, string][] = []
  const values = []
  for (const row of rows) {
    const legacyId = row.id ?? ''
    if (!isNew(run, 'union_history', legacyId)) continue
    const unionId = mapped(run, 'union', row.unionId)
    // The old schema keeps this union id without a foreign key: it can point at nothing.
    if (unionId === null) {
      refuse(run, 'union_history', legacyId, 'orphan: union not found or not imported', row.unionId ?? '')
      continue
    }
    const toOfficer = mapped(run, 'staff', row.newOfficerId)
    if (toOfficer === null) {
      refuse(run, 'union_history', legacyId, 'new officer not imported', row.newOfficerId ?? '')
      continue
    }
    const id = newId()
    values.push({
      id,
      union_id: unionId,
      from_officer_id: mapped(run, 'staff', row.oldOfficerId),
      to_officer_id: toOfficer,
      reason: reasonText(row.reason, 'Reassigned in the old system (no reason recorded)'),
      actor_id: mapped(run, 'staff', row.changedByUserId),
      created_at: instantOf(row.changedAt) ?? new Date(),
    })
    pairs.push([legacyId, id])
  }
  await insertChunked(values, 1000, (chunk) => run.trx.insertInto('union_assignment').values(chunk).execute())
  await remember(run, 'union_history', pairs)
}

const GENDERS: Record<string, Gender> = { male: 'MALE', m: 'MALE', female: 'FEMALE', f: 'FEMALE' }
const MARITAL: Record<string, MaritalStatus> = {
  single: 'SINGLE',
  married: 'MARRIED',
  divorced: 'DIVORCED',
  widowed: 'WIDOWED',
  widow: 'WIDOWED',
  widower: 'WIDOWED',
  separated: 'SEPARATED',
}

const MEMBER_COLUMNS = [
  'id',
  'code',
  'firstName',
  'lastName',
  'phone',
  'email',
  'address',
  'dateOfBirth',
  'gender',
  'maritalStatus',
  'profession',
  'company',
  'city',
  'state',
  'country',
  'isVerified',
  'unionId',
  'createdAt',
  'deletedAt',
] as const

/**
 * Members. Codes `MEM000001` are kept when well formed and free; a member without one gets the next code.
 * A phone that is not a Nigerian number and an email that is not an address are left empty (counted);
 * phones shared by several members are kept and counted (the member screen's duplicate check shows them).
 */
export async function importMembers(run: ImportRun): Promise<void> {
  const rows = await readTable(run.legacy, 'UnionMember', MEMBER_COLUMNS, '"createdAt", "id"')
  const taken = new Set((await run.trx.selectFrom('member').select('code').execute()).map((m) => m.code))
  // Well-formed old codes are kept (the first holder wins); the rest get codes after the highest of all.
  const keep = new Map<string, string>()
  const kept = new Set<string>()
  for (const row of rows) {
    if (run.maps.get('member')?.has(row.id ?? '')) continue
    const code = row.code
    if (code !== null && /^MEM\d{6}$/.test(code) && !taken.has(code) && !kept.has(code)) {
      keep.set(row.id ?? '', code)
      kept.add(code)
    }
  }
  let next = 0
  for (const code of [...taken, ...keep.values()]) {
    const number = /^MEM(\d+)$/.exec(code)?.[1]
    if (number !== undefined) next = Math.max(next, Number(number))
  }
  const phones = new Map<string, number>()
  const pairs: [string, string][] = []
  const memberRows: Insertable<Database['member']>[] = []
  let done = 0
  for (const row of rows) {
    run.progress('members', ++done, rows.length)
    const legacyId = row.id ?? ''
    if (!isNew(run, 'member', legacyId)) continue
    const unionId = mapped(run, 'union', row.unionId)
    if (unionId === null) {
      refuse(run, 'member', legacyId, 'union not imported', row.unionId ?? '')
      continue
    }
    const firstName = (row.firstName ?? '').trim()
    const lastName = (row.lastName ?? '').trim()
    if (firstName === '' || lastName === '') {
      refuse(run, 'member', legacyId, 'missing first or last name')
      continue
    }
    const rawPhone = (row.phone ?? '').trim()
    const phone = rawPhone === '' ? null : (normaliseNigerianPhone(rawPhone) ?? null)
    if (rawPhone !== '' && phone === null) note(run, 'member', 'malformed phone left empty')
    if (phone !== null) {
      const seen = phones.get(phone) ?? 0
      if (seen > 0) note(run, 'member', 'phone shared with another member (kept)')
      phones.set(phone, seen + 1)
    }
    const rawEmail = (row.email ?? '').trim().toLowerCase()
    const email = EMAIL.test(rawEmail) ? rawEmail : null
    if (rawEmail !== '' && email === null) note(run, 'member', 'malformed email left empty')
    let code = keep.get(legacyId)
    if (code === undefined) {
      if (row.code !== null) note(run, 'member', 'malformed or taken code replaced')
      next += 1
      code = `MEM${String(next).padStart(6, '0')}`
    }
    const gender = GENDERS[(row.gender ?? '').trim().toLowerCase()] ?? null
    const marital = MARITAL[(row.maritalStatus ?? '').trim().toLowerCase()] ?? null
    const id = newId()
    memberRows.push({
      id,
      code,
      union_id: unionId,
      first_name: firstName,
      last_name: lastName,
      phone,
      email,
      address: row.address,
      date_of_birth: dayOf(row.dateOfBirth, 'UTC'),
      gender,
      marital_status: marital,
      profession: row.profession,
      employer: row.company,
      city: row.city,
      state: row.state,
      ...(row.country === null || row.country.trim() === '' ? {} : { country: row.country.trim() }),
      is_verified: isTrue(row.isVerified),
      created_at: instantOf(row.createdAt) ?? new Date(),
      deleted_at: instantOf(row.deletedAt),
    })
    pairs.push([legacyId, id])
  }
  await insertChunked(memberRows, 1000, (chunk) => run.trx.insertInto('member').values(chunk).execute())
  await remember(run, 'member', pairs)
}

export async function importMemberHistory(run: ImportRun): Promise<void> {
  const rows = await readTable(
    run.legacy,
    'UnionMemberReassignment',
    ['id', 'unionMemberId', 'oldUnionId', 'newUnionId', 'changedByUserId', 'reason', 'changedAt'],
    '"changedAt", "id"',
  )
  const pairs: [string, string][] = []
  const values = []
  for (const row of rows) {
    const legacyId = row.id ?? ''
    if (!isNew(run, 'member_history', legacyId)) continue
    const memberId = mapped(run, 'member', row.unionMemberId)
    const from = mapped(run, 'union', row.oldUnionId)
    const to = mapped(run, 'union', row.newUnionId)
    if (memberId === null) {
      refuse(run, 'member_history', legacyId, 'member not imported', row.unionMemberId ?? '')
      continue
    }
    if (from === null || to === null) {
      refuse(run, 'member_history', legacyId, 'old or new union missing or not imported')
      continue
    }
    const id = newId()
    values.push({
      id,
      member_id: memberId,
      from_union_id: from,
      to_union_id: to,
      reason: reasonText(row.reason, 'Moved in the old system (no reason recorded)'),
      actor_id: mapped(run, 'staff', row.changedByUserId),
      created_at: instantOf(row.changedAt) ?? new Date(),
    })
    pairs.push([legacyId, id])
  }
  await insertChunked(values, 1000, (chunk) =>
    run.trx.insertInto('member_reassignment').values(chunk).execute(),
  )
  await remember(run, 'member_history', pairs)
}

/** Notes about staff: title and text become one body; a category is kept as its first line. */
export async function importStaffNotes(run: ImportRun): Promise<void> {
  const rows = await readTable(
    run.legacy,
    'UserNote',
    [
      'id',
      'userId',
      'title',
      'content',
      'category',
      'isPrivate',
      'createdByUserId',
      'createdAt',
      'updatedAt',
    ],
    '"createdAt", "id"',
  )
  const pairs: [string, string][] = []
  const values = []
  for (const row of rows) {
    const legacyId = row.id ?? ''
    if (!isNew(run, 'staff_note', legacyId)) continue
    const staffId = mapped(run, 'staff', row.userId)
    const authorId = mapped(run, 'staff', row.createdByUserId)
    if (staffId === null || authorId === null) {
      refuse(run, 'staff_note', legacyId, 'staff member or author not imported')
      continue
    }
    const id = newId()
    const body = [
      row.category ? `[${row.category}]` : '',
      (row.title ?? '').trim(),
      (row.content ?? '').trim(),
    ]
      .filter((part) => part !== '')
      .join('\n\n')
    values.push({
      id,
      staff_id: staffId,
      author_id: authorId,
      body: (body || '(empty note)').slice(0, 5000),
      is_private: isTrue(row.isPrivate),
      created_at: instantOf(row.createdAt) ?? new Date(),
      updated_at: instantOf(row.updatedAt) ?? new Date(),
    })
    pairs.push([legacyId, id])
  }
  await insertChunked(values, 1000, (chunk) => run.trx.insertInto('staff_note').values(chunk).execute())
  await remember(run, 'staff_note', pairs)
}
