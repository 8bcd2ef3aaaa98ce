// Package admin serves the running of the system by the three separated
// administrators (三员分立) and the settings: the system administrator's
// accounts (creating them with a first password the policy allows,
// correcting them, resetting a password, disabling and re-enabling them);
// the security administrator's page (roles, login locks, second factors,
// the password and two-factor policies, sessions and tokens); the audit log
// of every write, field by field, which the audit administrator also
// exports, with the access log, and checks; and the one setting of case
// work, how often each follow-up level visits (四级跟进), shown to everyone
// and changed by a city admin.
package admin
