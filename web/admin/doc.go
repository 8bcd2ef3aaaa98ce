// Package admin serves the administration of the system: the accounts in an
// admin's scope (creating them with a first password, disabling and
// re-enabling them), the audit log of every write, field by field, and the
// settings, of which there is one: how often each follow-up level visits
// (四级跟进), shown to everyone and changed by a city admin.
package admin
