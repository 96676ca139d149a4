import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DocumentStorage } from '../src/storage/index.js'
import {
  addUnionWithMember,
  samples,
  signInWithStorage,
  tempStorage,
  uploadForm,
} from './document-fixtures.js'
import { addStaff, expectTRPCError, openTestDatabase } from './staff-fixtures.js'

type Caller = Awaited<ReturnType<typeof signInWithStorage>>

describe('member and guarantor documents', () => {
  let t: Awaited<ReturnType<typeof openTestDatabase>>
  let files: Awaited<ReturnType<typeof tempStorage>>
  let ids: {
    admin: string
    officerA: string
    memberA: string
    guarantorA: string
    memberB: string
    unionA: string
    officerB: string
    idCard: string
    bill: string
    guarantorForm: string
    retired: string
  }
  let admin: Caller
  let supervisorA: Caller
  let officerA: Caller
  let supervisorB: Caller
  let officerB: Caller

  beforeAll(async () => {
    t = await openTestDatabase()
    files = await tempStorage()
    const adminUser = await addStaff(t.db, { email: 'admin@example.com', role: 'ADMIN', firstName: 'Ada' })
    const supA = await addStaff(t.db, { email: 'sup.a@example.com', role: 'SUPERVISOR', firstName: 'Sade' })
    const supB = await addStaff(t.db, { email: 'sup.b@example.com', role: 'SUPERVISOR' })
    const offA = await addStaff(t.db, {
      email: 'off.a@example.com',
      role: 'CREDIT_OFFICER',
      supervisorId: supA.id,
      firstName: 'Tunde',
      lastName: 'Bello',
    })
    const offB = await addStaff(t.db, {
      email: 'off.b@example.com',
      role: 'CREDIT_OFFICER',
      supervisorId: supB.id,
    })
    const a = await addUnionWithMember(t.db, {
      officerId: offA.id,
      unionName: 'Ikeja Potters',
      firstName: 'Ngozi',
    })
    const b = await addUnionWithMember(t.db, {
      officerId: offB.id,
      unionName: 'Yaba Weavers',
      firstName: 'Bola',
    })
    admin = await signInWithStorage(t.db, adminUser, files.storage)
    supervisorA = await signInWithStorage(t.db, supA, files.storage)
    supervisorB = await signInWithStorage(t.db, supB, files.storage)
    officerA = await signInWithStorage(t.db, offA, files.storage)
    officerB = await signInWithStorage(t.db, offB, files.storage)
    const idCard = await admin.documentType.create({
      name: 'National ID card',
      appliesTo: ['MEMBER', 'GUARANTOR'],
      requiresExpiry: true,
    })
    const bill = await admin.documentType.create({ name: 'Utility bill', appliesTo: ['MEMBER'] })
    const guarantorForm = await admin.documentType.create({
      name: 'Guarantor form',
      appliesTo: ['GUARANTOR'],
    })
    const retired = await admin.documentType.create({ name: 'Old form', appliesTo: ['MEMBER'] })
    await admin.documentType.setActive({ id: retired.id, isActive: false })
    ids = {
      admin: adminUser.id,
      officerA: offA.id,
      officerB: offB.id,
      memberA: a.memberId,
      guarantorA: a.guarantorId,
      unionA: a.unionId,
      memberB: b.memberId,
      idCard: idCard.id,
      bill: bill.id,
      guarantorForm: guarantorForm.id,
      retired: retired.id,
    }
  })
  afterAll(async () => {
    await t.close()
    await files.remove()
  })

  const documentCount = async () =>
    (
      await t.db
        .selectFrom('document')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n

  it('stores a PNG for a member: checksum, type from the bytes, audit entry, listed with its details', async () => {
    const bytes = samples.png()
    const item = await officerA.document.upload(
      uploadForm({
        ownerType: 'MEMBER',
        ownerId: ids.memberA,
        documentTypeId: ids.bill,
        // The browser's claimed type is ignored; the bytes decide.
        file: { bytes, name: 'C:\\fakepath\\bill.png', type: 'application/pdf' },
        issuer: '  Ikeja Electric ',
        issueDate: '2025-03-01',
        expiryDate: '',
      }),
    )
    expect(item).toMatchObject({
      documentTypeId: ids.bill,
      documentTypeName: 'Utility bill',
      fileName: 'bill.png',
      mimeType: 'image/png',
      sizeBytes: bytes.length,
      issuer: 'Ikeja Electric',
      issueDate: '2025-03-01',
      expiryDate: null,
      isExpired: false,
      isVerified: false,
      verifiedByName: null,
      uploadedByName: 'Tunde Bello',
      downloadUrl: `/files/documents/${item.id}`,
      canDelete: true,
    })

    const row = await t.db
      .selectFrom('document')
      .selectAll()
      .where('id', '=', item.id)
      .executeTakeFirstOrThrow()
    expect(row.sha256).toBe(createHash('sha256').update(bytes).digest('hex'))
    expect(row.storage).toBe('LOCAL')
    expect(row.storage_key).toMatch(/^documents\/[0-9a-f-]{36}$/)
    expect(row.storage_key).not.toContain('bill')
    const stored = await readFile(path.join(files.root, ...row.storage_key.split('/')))
    expect(new Uint8Array(stored)).toEqual(bytes)

    const list = await officerA.document.list({ ownerType: 'MEMBER', ownerId: ids.memberA })
    expect(list).toEqual([item])
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id', 'after'])
      .where('entity_id', '=', item.id)
      .executeTakeFirstOrThrow()
    expect(audit).toMatchObject({ action: 'DOCUMENT_UPLOAD', actor_id: ids.officerA })
    expect(audit.after).toMatchObject({ fileName: 'bill.png', sha256: row.sha256 })
  })

  it('stores PDF, DOCX, DOC and JPEG files for a guarantor, listed apart from the member’s', async () => {
    const uploads = [
      { bytes: samples.pdf(), name: 'form.pdf', mime: 'application/pdf' },
      {
        bytes: samples.docx(),
        name: 'form.docx',
        mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      },
      { bytes: samples.doc(), name: 'old-form.doc', mime: 'application/msword' },
      { bytes: samples.jpeg(), name: 'photo of form', mime: 'image/jpeg' },
    ]
    for (const upload of uploads) {
      const item = await officerA.document.upload(
        uploadForm({
          ownerType: 'GUARANTOR',
          ownerId: ids.guarantorA,
          documentTypeId: ids.guarantorForm,
          file: { bytes: upload.bytes, name: upload.name },
        }),
      )
      expect(item.mimeType).toBe(upload.mime)
    }
    const list = await officerA.document.list({ ownerType: 'GUARANTOR', ownerId: ids.guarantorA })
    // A name without an extension gets the one its content has.
    expect(list.map((item) => item.fileName).sort()).toEqual([
      'form.docx',
      'form.pdf',
      'old-form.doc',
      'photo of form.jpg',
    ])
    const memberList = await officerA.document.list({ ownerType: 'MEMBER', ownerId: ids.memberA })
    expect(memberList.map((item) => item.fileName)).toEqual(['bill.png'])
  })

  it('refuses empty, oversized and disguised files, storing nothing', async () => {
    const before = { count: await documentCount(), files: (await files.files()).length }
    const attempt = (bytes: Uint8Array, name: string) =>
      officerA.document.upload(
        uploadForm({
          ownerType: 'MEMBER',
          ownerId: ids.memberA,
          documentTypeId: ids.bill,
          file: { bytes, name },
        }),
      )
    await expectTRPCError(attempt(new Uint8Array(0), 'empty.pdf'), 'BAD_REQUEST', /File is empty/)
    const tooBig = await expectTRPCError(
      attempt(samples.pdfOfSize(5 * 1024 * 1024 + 1), 'big.pdf'),
      'PAYLOAD_TOO_LARGE',
    )
    expect(tooBig.message).toBe('File must be at most 5 MB (this one is 5,242,881 bytes)')
    await expectTRPCError(
      attempt(samples.pdfOfSize(7.2 * 1024 * 1024), 'huge.pdf'),
      'PAYLOAD_TOO_LARGE',
      /^File must be at most 5 MB \(this one is 7\.2 MB\)$/,
    )
    const notPdf =
      'File content is not a JPEG, PNG, PDF, DOC or DOCX — a file named .pdf must really be a PDF'
    for (const [bytes, name] of [
      [samples.html(), 'statement.pdf'],
      [samples.exe(), 'statement.pdf'],
      [samples.zip(), 'statement.docx'],
      [samples.xlsx(), 'statement.docx'],
      [samples.xls(), 'statement.doc'],
    ] as const) {
      await expectTRPCError(attempt(bytes, name), 'BAD_REQUEST', new RegExp(`^${notPdf}$`))
    }
    await expectTRPCError(
      attempt(samples.png(), 'statement.pdf'),
      'BAD_REQUEST',
      /is a PNG image but its name ends in \.pdf/,
    )
    // Exactly 5 MB is allowed.
    const atLimit = await attempt(samples.pdfOfSize(5 * 1024 * 1024), 'limit.pdf')
    expect(atLimit.sizeBytes).toBe(5 * 1024 * 1024)
    expect(await documentCount()).toBe(before.count + 1)
    expect((await files.files()).length).toBe(before.files + 1)
    await admin.document.delete({ id: atLimit.id, reason: 'test file' })
  })

  it('validates the form: type for this owner, active, expiry rules, dates, a file', async () => {
    const form = (fields: Parameters<typeof uploadForm>[0]) =>
      officerA.document.upload(
        uploadForm({
          ownerType: 'MEMBER',
          ownerId: ids.memberA,
          documentTypeId: ids.idCard,
          file: { bytes: samples.pdf('id'), name: 'id.pdf' },
          ...fields,
        }),
      )
    await expectTRPCError(form({}), 'BAD_REQUEST', /"National ID card" needs its expiry date/)
    const order = await expectTRPCError(
      form({ issueDate: '2025-05-01', expiryDate: '2025-04-30' }),
      'BAD_REQUEST',
    )
    expect(order.cause).toBeDefined()
    expect(order.message).toMatch(/Expiry date must be on or after the issue date/)
    await expectTRPCError(form({ expiryDate: '2025-02-30' }), 'BAD_REQUEST', /YYYY-MM-DD/)
    await expectTRPCError(
      form({ issueDate: '2999-01-01', expiryDate: '2999-12-31' }),
      'BAD_REQUEST',
      /future/,
    )
    await expectTRPCError(
      form({ documentTypeId: ids.guarantorForm }),
      'BAD_REQUEST',
      /"Guarantor form" cannot be attached to a member/,
    )
    await expectTRPCError(form({ documentTypeId: ids.retired }), 'BAD_REQUEST', /no longer in use/)
    await expectTRPCError(
      form({ documentTypeId: '00000000-0000-4000-8000-000000000000' }),
      'BAD_REQUEST',
      /does not exist/,
    )
    await expectTRPCError(form({ file: undefined }), 'BAD_REQUEST', /Choose a file/)
    await expectTRPCError(form({ ownerType: 'VEHICLE' }), 'BAD_REQUEST', /MEMBER, GUARANTOR or LOAN/)
    await expectTRPCError(
      officerA.document.upload({ ownerType: 'MEMBER' } as unknown as FormData),
      'BAD_REQUEST',
      /multipart form data/,
    )

    const expired = await form({ issueDate: '2015-01-01', expiryDate: '2020-01-01' })
    expect(expired).toMatchObject({ issueDate: '2015-01-01', expiryDate: '2020-01-01', isExpired: true })
    const current = await form({
      expiryDate: '2999-01-01',
      file: { bytes: samples.pdf('id2'), name: 'id2.pdf' },
    })
    expect(current.isExpired).toBe(false)
  })

  it('refuses the same file twice for one owner', async () => {
    const form = () =>
      uploadForm({
        ownerType: 'MEMBER',
        ownerId: ids.memberA,
        documentTypeId: ids.bill,
        file: { bytes: samples.pdf('march bill'), name: 'march.pdf' },
      })
    await officerA.document.upload(form())
    await expectTRPCError(officerA.document.upload(form()), 'CONFLICT', /already attached as "Utility bill"/)
  })

  it('keeps documents within scope: other teams get NOT_FOUND for every call', async () => {
    const doc = (await officerA.document.list({ ownerType: 'MEMBER', ownerId: ids.memberA }))[0]
    if (!doc) throw new Error('no document')
    const before = { count: await documentCount(), files: (await files.files()).length }
    await expectTRPCError(officerB.document.list({ ownerType: 'MEMBER', ownerId: ids.memberA }), 'NOT_FOUND')
    await expectTRPCError(
      officerB.document.list({ ownerType: 'GUARANTOR', ownerId: ids.guarantorA }),
      'NOT_FOUND',
    )
    await expectTRPCError(
      supervisorB.document.list({ ownerType: 'MEMBER', ownerId: ids.memberA }),
      'NOT_FOUND',
    )
    await expectTRPCError(
      officerB.document.upload(
        uploadForm({
          ownerType: 'MEMBER',
          ownerId: ids.memberA,
          documentTypeId: ids.bill,
          file: { bytes: samples.pdf('intruder'), name: 'x.pdf' },
        }),
      ),
      'NOT_FOUND',
      /Member not found/,
    )
    await expectTRPCError(supervisorB.document.verify({ id: doc.id, isVerified: true }), 'NOT_FOUND')
    await expectTRPCError(supervisorB.document.delete({ id: doc.id, reason: 'not mine' }), 'NOT_FOUND')
    await expectTRPCError(officerB.document.delete({ id: doc.id, reason: 'not mine' }), 'NOT_FOUND')
    expect(await documentCount()).toBe(before.count)
    expect((await files.files()).length).toBe(before.files)

    // Their supervisor and admins see them; B's own member has nothing.
    expect(
      (await supervisorA.document.list({ ownerType: 'MEMBER', ownerId: ids.memberA })).length,
    ).toBeGreaterThan(0)
    expect((await admin.document.list({ ownerType: 'MEMBER', ownerId: ids.memberA })).length).toBeGreaterThan(
      0,
    )
    expect(await officerB.document.list({ ownerType: 'MEMBER', ownerId: ids.memberB })).toEqual([])

    // Scope is read per request: hand the union to officer B and the documents follow at once.
    await t.db
      .updateTable('union')
      .set({ credit_officer_id: ids.officerB })
      .where('id', '=', ids.unionA)
      .execute()
    try {
      expect(
        (await officerB.document.list({ ownerType: 'MEMBER', ownerId: ids.memberA })).length,
      ).toBeGreaterThan(0)
      await expectTRPCError(
        officerA.document.list({ ownerType: 'MEMBER', ownerId: ids.memberA }),
        'NOT_FOUND',
      )
    } finally {
      await t.db
        .updateTable('union')
        .set({ credit_officer_id: ids.officerA })
        .where('id', '=', ids.unionA)
        .execute()
    }
  })

  it('lets supervisors and admins verify with notes, and un-verify', async () => {
    const doc = (await officerA.document.list({ ownerType: 'GUARANTOR', ownerId: ids.guarantorA }))[0]
    if (!doc) throw new Error('no document')
    await expectTRPCError(officerA.document.verify({ id: doc.id, isVerified: true }), 'FORBIDDEN')
    await expectTRPCError(
      supervisorA.document.verify({ id: doc.id, isVerified: true, notes: 'x'.repeat(501) }),
      'BAD_REQUEST',
      /at most 500/,
    )
    const verified = await supervisorA.document.verify({
      id: doc.id,
      isVerified: true,
      notes: ' Matches original ',
    })
    expect(verified).toMatchObject({
      isVerified: true,
      verifiedByName: 'Sade Tester',
      verificationNotes: 'Matches original',
    })
    expect(verified.verifiedAt).toBeInstanceOf(Date)
    const listed = await officerA.document.list({ ownerType: 'GUARANTOR', ownerId: ids.guarantorA })
    expect(listed.find((item) => item.id === doc.id)).toMatchObject({
      isVerified: true,
      verifiedByName: 'Sade Tester',
    })

    const unverified = await admin.document.verify({
      id: doc.id,
      isVerified: false,
      notes: 'Signature missing',
    })
    expect(unverified).toMatchObject({
      isVerified: false,
      verifiedByName: null,
      verifiedAt: null,
      verificationNotes: 'Signature missing',
    })
    const actions = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', doc.id)
      .where('action', 'like', 'DOCUMENT_%VERIFY')
      .execute()
    expect(actions.map((row) => row.action).sort()).toEqual(['DOCUMENT_UNVERIFY', 'DOCUMENT_VERIFY'])
  })

  it('soft-deletes: the uploader within 24 hours (unless verified), supervisors and admins any time', async () => {
    const upload = (caller: Caller, text: string) =>
      caller.document.upload(
        uploadForm({
          ownerType: 'MEMBER',
          ownerId: ids.memberA,
          documentTypeId: ids.bill,
          file: { bytes: samples.pdf(text), name: `${text}.pdf` },
        }),
      )
    const own = await upload(officerA, 'own')
    await expectTRPCError(officerA.document.delete({ id: own.id, reason: '' }), 'BAD_REQUEST', /reason/)
    expect(await officerA.document.delete({ id: own.id, reason: 'Wrong member' })).toEqual({
      isDeleted: true,
    })
    const listed = await officerA.document.list({ ownerType: 'MEMBER', ownerId: ids.memberA })
    expect(listed.map((item) => item.id)).not.toContain(own.id)
    const row = await t.db
      .selectFrom('document')
      .select('deleted_at')
      .where('id', '=', own.id)
      .executeTakeFirstOrThrow()
    expect(row.deleted_at).toBeInstanceOf(Date)
    // Deleting again: the document is gone.
    await expectTRPCError(admin.document.delete({ id: own.id, reason: 'again' }), 'NOT_FOUND')

    const byAdmin = await upload(admin, 'by-admin')
    expect(byAdmin.canDelete).toBe(true)
    const seenByOfficer = (await officerA.document.list({ ownerType: 'MEMBER', ownerId: ids.memberA })).find(
      (item) => item.id === byAdmin.id,
    )
    expect(seenByOfficer?.canDelete).toBe(false)
    await expectTRPCError(
      officerA.document.delete({ id: byAdmin.id, reason: 'tidy up' }),
      'FORBIDDEN',
      /you did not upload it/,
    )

    const old = await upload(officerA, 'old')
    const tomorrow = await signInWithStorage(t.db, { id: ids.officerA }, files.storage, {
      now: () => new Date(Date.now() + 25 * 60 * 60 * 1000),
    })
    await expectTRPCError(
      tomorrow.document.delete({ id: old.id, reason: 'late' }),
      'FORBIDDEN',
      /more than 24 hours/,
    )

    const checked = await upload(officerA, 'checked')
    await supervisorA.document.verify({ id: checked.id, isVerified: true })
    await expectTRPCError(
      officerA.document.delete({ id: checked.id, reason: 'oops' }),
      'FORBIDDEN',
      /verified/,
    )

    await supervisorA.document.delete({ id: old.id, reason: 'Duplicate scan' })
    await admin.document.delete({ id: checked.id, reason: 'Superseded' })
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('entity_id', '=', old.id)
      .where('action', '=', 'DOCUMENT_DELETE')
      .executeTakeFirstOrThrow()
    expect(audit.after).toEqual({ reason: 'Duplicate scan' })
  })

  it('removes the stored file when the row cannot be written', async () => {
    const before = { count: await documentCount(), files: (await files.files()).length }
    // The member is removed while the bytes are being stored (a concurrent delete).
    const racing: DocumentStorage = {
      ...files.storage,
      put: async (input) => {
        const result = await files.storage.put(input)
        await t.db
          .updateTable('member')
          .set({ deleted_at: new Date() })
          .where('id', '=', ids.memberA)
          .execute()
        expect((await files.files()).length).toBe(before.files + 1)
        return result
      },
    }
    const caller = await signInWithStorage(t.db, { id: ids.officerA }, racing)
    try {
      await expectTRPCError(
        caller.document.upload(
          uploadForm({
            ownerType: 'MEMBER',
            ownerId: ids.memberA,
            documentTypeId: ids.bill,
            file: { bytes: samples.pdf('race'), name: 'race.pdf' },
          }),
        ),
        'NOT_FOUND',
      )
    } finally {
      await t.db.updateTable('member').set({ deleted_at: null }).where('id', '=', ids.memberA).execute()
    }
    expect(await documentCount()).toBe(before.count)
    expect((await files.files()).length).toBe(before.files)
  })

  it('answers SERVICE_UNAVAILABLE when the server has no storage configured', async () => {
    const caller = await signInWithStorage(t.db, { id: ids.officerA }, undefined)
    await expectTRPCError(
      caller.document.upload(
        uploadForm({
          ownerType: 'MEMBER',
          ownerId: ids.memberA,
          documentTypeId: ids.bill,
          file: { bytes: samples.pdf('nowhere'), name: 'n.pdf' },
        }),
      ),
      'SERVICE_UNAVAILABLE',
      /storage is not configured/,
    )
  })
})
