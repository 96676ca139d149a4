import type { Database, Kysely } from '@mp/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectTRPCError } from './staff-fixtures.js'
import {
  addMember,
  addTeams,
  addUnion,
  auditRows,
  openUnionTestDatabase,
  type Teams,
} from './union-fixtures.js'

describe('member photo', () => {
  let t: Awaited<ReturnType<typeof openUnionTestDatabase>>
  let teams: Teams
  let memberId: string
  let otherMemberId: string
  const documentIds: Record<string, string> = {}

  async function addDocument(
    db: Kysely<Database>,
    memberId: string,
    typeId: string,
    mimeType: string,
    name: string,
  ) {
    const row = await db
      .insertInto('document')
      .values({
        owner_type: 'MEMBER',
        member_id: memberId,
        document_type_id: typeId,
        file_name: name,
        mime_type: mimeType,
        size_bytes: 100,
        sha256: 'x'.repeat(64),
        storage: 'LOCAL',
        storage_key: `test/${name}`,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  }

  beforeAll(async () => {
    t = await openUnionTestDatabase()
    teams = await addTeams(t.db)
    const unionA = await addUnion(t.db, { name: 'Ojota', officerId: teams.coA1.id })
    const unionB = await addUnion(t.db, { name: 'Ikeja', officerId: teams.coB1.id })
    memberId = (await addMember(t.db, { unionId: unionA.id, firstName: 'Kemi', lastName: 'Ade' })).id
    otherMemberId = (await addMember(t.db, { unionId: unionB.id, firstName: 'Bola', lastName: 'Ige' })).id
    const type = await t.db
      .insertInto('document_type')
      .values({ name: 'Passport photo' })
      .returning('id')
      .executeTakeFirstOrThrow()
    documentIds.png = await addDocument(t.db, memberId, type.id, 'image/png', 'kemi.png')
    documentIds.pdf = await addDocument(t.db, memberId, type.id, 'application/pdf', 'kemi.pdf')
    documentIds.other = await addDocument(t.db, otherMemberId, type.id, 'image/jpeg', 'bola.jpg')
  })
  afterAll(async () => {
    await t.close()
  })

  it('uses one of the member’s own images as their photo, and refuses anything else', async () => {
    const profile = await teams.asCoA1.member.setPhoto({ id: memberId, documentId: documentIds.png ?? '' })
    expect(profile.photoUrl).toBe(`/files/documents/${documentIds.png ?? ''}`)
    expect((await teams.asCoA1.member.get({ id: memberId })).photoUrl).toBe(profile.photoUrl)
    expect(await auditRows(t.db, 'MEMBER_PHOTO', memberId)).toHaveLength(1)

    await expectTRPCError(
      teams.asCoA1.member.setPhoto({ id: memberId, documentId: documentIds.pdf ?? '' }),
      'BAD_REQUEST',
      /Photo must be a JPEG or PNG image/,
    )
    // Another member's picture cannot be borrowed, and another officer cannot touch this member.
    await expectTRPCError(
      teams.asCoA1.member.setPhoto({ id: memberId, documentId: documentIds.other ?? '' }),
      'NOT_FOUND',
    )
    await expectTRPCError(teams.asCoB1.member.setPhoto({ id: memberId, documentId: null }), 'NOT_FOUND')

    const cleared = await teams.asCoA1.member.setPhoto({ id: memberId, documentId: null })
    expect(cleared.photoUrl).toBeNull()
  })
})
