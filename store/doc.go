// Package store keeps Shuangbai's data in embedded SQLite or in PostgreSQL,
// with one set of SQL for both. It is the only package that speaks SQL.
//
// Every read of scoped data takes a shuangbai.Scope and every write takes the
// acting *shuangbai.User, so that no query can forget the user's region
// subtree; a record outside the scope is reported as not found, never as
// forbidden, so that its existence does not leak. Every write is recorded in
// the audit log in the same transaction.
package store
