/**
 * Our own PostgreSQL DDL for the old system's database, written from its published Prisma schema as Prisma
 * would create it: model and field names become quoted camelCase table and column names, enums become
 * PostgreSQL enum types, `DateTime` is `timestamp(3)` without a time zone (Prisma writes UTC), `Decimal(14,2)`
 * is `numeric(14,2)`, cuid keys are text. Only the tables the importer reads (docs/cutover.md) are here, with
 * the foreign keys Prisma declares; the union assignment history has none (the old schema keeps a bare id).
 * Used by the legacy import tests to build a legacy database from scratch; never by the app.
 */
export const LEGACY_DDL = `
create type "Role" as enum ('ADMIN', 'SUPERVISOR', 'CREDIT_OFFICER');
create type "LoanStatus" as enum ('DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'ACTIVE', 'COMPLETED', 'DEFAULTED', 'WRITTEN_OFF', 'CANCELED');
create type "TermUnit" as enum ('DAY', 'WEEK', 'MONTH');
create type "ScheduleStatus" as enum ('PENDING', 'PARTIAL', 'PAID', 'OVERDUE');
create type "RepaymentMethod" as enum ('CASH', 'TRANSFER', 'POS', 'MOBILE', 'USSD', 'OTHER');

create table "User" (
  "id" text primary key,
  "email" text not null unique,
  "passwordHash" text not null,
  "role" "Role" not null,
  "isActive" boolean not null default true,
  "supervisorId" text references "User"("id") on delete set null on update cascade,
  "firstName" text, "lastName" text, "phone" text, "address" text, "profileImage" text,
  "lastLoginAt" timestamp(3), "lastActivityAt" timestamp(3), "loginCount" integer not null default 0,
  "createdAt" timestamp(3) not null default current_timestamp,
  "updatedAt" timestamp(3) not null,
  "deletedAt" timestamp(3)
);

create table "Union" (
  "id" text primary key,
  "name" text not null,
  "location" text, "address" text,
  "creditOfficerId" text not null references "User"("id") on delete restrict on update cascade,
  "createdAt" timestamp(3) not null default current_timestamp,
  "updatedAt" timestamp(3) not null,
  "deletedAt" timestamp(3)
);

create table "UnionMember" (
  "id" text primary key,
  "code" text unique,
  "firstName" text not null, "lastName" text not null,
  "phone" text, "email" text, "address" text,
  "dateOfBirth" timestamp(3), "gender" text, "maritalStatus" text, "profession" text, "company" text,
  "city" text, "state" text, "country" text, "zipCode" text, "note" text, "profileImage" text,
  "isVerified" boolean not null default true,
  "unionId" text not null references "Union"("id") on delete restrict on update cascade,
  "currentOfficerId" text references "User"("id") on delete set null on update cascade,
  "createdAt" timestamp(3) not null default current_timestamp,
  "updatedAt" timestamp(3) not null,
  "deletedAt" timestamp(3)
);

create table "LoanType" (
  "id" text primary key,
  "name" text not null unique,
  "description" text,
  "minAmount" numeric(14,2) not null, "maxAmount" numeric(14,2) not null,
  "termUnit" "TermUnit" not null default 'MONTH',
  "minTerm" integer not null default 1, "maxTerm" integer not null default 12,
  "isActive" boolean not null default true,
  "createdAt" timestamp(3) not null default current_timestamp,
  "updatedAt" timestamp(3) not null,
  "deletedAt" timestamp(3)
);

create table "Loan" (
  "id" text primary key,
  "loanNumber" text not null unique,
  "unionMemberId" text not null references "UnionMember"("id") on delete restrict on update cascade,
  "unionId" text not null references "Union"("id") on delete restrict on update cascade,
  "loanTypeId" text references "LoanType"("id") on delete set null on update cascade,
  "principalAmount" numeric(14,2) not null,
  "currencyCode" text not null default 'NGN',
  "termCount" integer not null,
  "termUnit" "TermUnit" not null,
  "startDate" timestamp(3) not null,
  "endDate" timestamp(3),
  "processingFeeAmount" numeric(14,2) not null,
  "processingFeeCollected" boolean not null default false,
  "penaltyFeePerDayAmount" numeric(14,2) not null,
  "status" "LoanStatus" not null default 'DRAFT',
  "createdByUserId" text not null references "User"("id") on delete restrict on update cascade,
  "assignedOfficerId" text references "User"("id") on delete set null on update cascade,
  "disbursedAt" timestamp(3), "closedAt" timestamp(3), "notes" text,
  "createdAt" timestamp(3) not null default current_timestamp,
  "updatedAt" timestamp(3) not null,
  "deletedAt" timestamp(3)
);

create table "RepaymentScheduleItem" (
  "id" text primary key,
  "loanId" text not null references "Loan"("id") on delete restrict on update cascade,
  "sequence" integer not null,
  "dueDate" timestamp(3) not null,
  "principalDue" numeric(14,2) not null,
  "interestDue" numeric(14,2) not null default 0,
  "feeDue" numeric(14,2) not null default 0,
  "totalDue" numeric(14,2) not null,
  "paidAmount" numeric(14,2) not null default 0,
  "status" "ScheduleStatus" not null default 'PENDING',
  "closedAt" timestamp(3),
  "createdAt" timestamp(3) not null default current_timestamp,
  "updatedAt" timestamp(3) not null,
  "deletedAt" timestamp(3),
  unique ("loanId", "sequence")
);

create table "Repayment" (
  "id" text primary key,
  "loanId" text not null references "Loan"("id") on delete restrict on update cascade,
  "receivedByUserId" text not null references "User"("id") on delete restrict on update cascade,
  "amount" numeric(14,2) not null,
  "currencyCode" text not null default 'NGN',
  "paidAt" timestamp(3) not null,
  "method" "RepaymentMethod" not null,
  "reference" text, "notes" text,
  "createdAt" timestamp(3) not null default current_timestamp,
  "updatedAt" timestamp(3) not null,
  "deletedAt" timestamp(3)
);

create table "RepaymentAllocation" (
  "id" text primary key,
  "repaymentId" text not null references "Repayment"("id") on delete restrict on update cascade,
  "scheduleItemId" text not null references "RepaymentScheduleItem"("id") on delete restrict on update cascade,
  "amount" numeric(14,2) not null,
  "createdAt" timestamp(3) not null default current_timestamp,
  unique ("repaymentId", "scheduleItemId")
);

create table "CompanySetting" (
  "id" text primary key,
  "name" text not null, "email" text not null, "phone" text, "address" text,
  "currency" text default 'NGN', "currencySymbol" text default '₦',
  "dateFormat" text default 'DD/MM/YYYY', "timeFormat" text default '24h',
  "timezone" text default 'Africa/Lagos',
  "invoicePrefix" text default 'INV-', "expensePrefix" text default 'EXP-',
  "logo" text,
  "createdAt" timestamp(3) not null default current_timestamp,
  "updatedAt" timestamp(3) not null
);

create table "UnionAssignmentHistory" (
  "id" text primary key,
  "unionId" text not null,
  "oldOfficerId" text references "User"("id") on delete set null on update cascade,
  "newOfficerId" text not null references "User"("id") on delete restrict on update cascade,
  "changedByUserId" text not null references "User"("id") on delete restrict on update cascade,
  "reason" text,
  "changedAt" timestamp(3) not null default current_timestamp
);

create table "UnionMemberReassignment" (
  "id" text primary key,
  "unionMemberId" text not null references "UnionMember"("id") on delete restrict on update cascade,
  "oldUnionId" text references "Union"("id") on delete set null on update cascade,
  "newUnionId" text not null references "Union"("id") on delete restrict on update cascade,
  "oldOfficerId" text references "User"("id") on delete set null on update cascade,
  "newOfficerId" text references "User"("id") on delete set null on update cascade,
  "changedByUserId" text not null references "User"("id") on delete restrict on update cascade,
  "reason" text,
  "changedAt" timestamp(3) not null default current_timestamp
);

create table "DocumentType" (
  "id" text primary key,
  "code" text not null unique,
  "name" text not null,
  "description" text,
  "isActive" boolean not null default true,
  "createdAt" timestamp(3) not null default current_timestamp,
  "updatedAt" timestamp(3) not null,
  "deletedAt" timestamp(3)
);

create table "UnionMemberDocument" (
  "id" text primary key,
  "unionMemberId" text not null references "UnionMember"("id") on delete restrict on update cascade,
  "documentTypeId" text not null references "DocumentType"("id") on delete restrict on update cascade,
  "fileUrl" text not null,
  "issuingAuthority" text, "issueDate" timestamp(3), "expiryDate" timestamp(3),
  "verified" boolean not null default false, "verificationNotes" text,
  "uploadedByUserId" text not null references "User"("id") on delete restrict on update cascade,
  "uploadedAt" timestamp(3) not null default current_timestamp,
  "deletedAt" timestamp(3)
);

create table "LoanDocument" (
  "id" text primary key,
  "loanId" text not null references "Loan"("id") on delete restrict on update cascade,
  "documentTypeId" text not null references "DocumentType"("id") on delete restrict on update cascade,
  "fileUrl" text not null,
  "issuingAuthority" text, "issueDate" timestamp(3), "expiryDate" timestamp(3),
  "verified" boolean not null default false, "verificationNotes" text,
  "uploadedByUserId" text not null references "User"("id") on delete restrict on update cascade,
  "uploadedAt" timestamp(3) not null default current_timestamp,
  "deletedAt" timestamp(3)
);

create table "AuditLog" (
  "id" text primary key,
  "actorUserId" text references "User"("id") on delete set null on update cascade,
  "action" text not null, "entityName" text not null, "entityId" text not null,
  "before" jsonb, "after" jsonb, "metadata" jsonb,
  "ipAddress" text, "userAgent" text,
  "createdAt" timestamp(3) not null default current_timestamp
);

create table "UserNote" (
  "id" text primary key,
  "userId" text not null references "User"("id") on delete restrict on update cascade,
  "title" text not null, "content" text not null, "category" text,
  "isPrivate" boolean not null default false,
  "createdByUserId" text not null references "User"("id") on delete restrict on update cascade,
  "createdAt" timestamp(3) not null default current_timestamp,
  "updatedAt" timestamp(3) not null
);
`
