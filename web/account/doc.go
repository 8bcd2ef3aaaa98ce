// Package account serves a user's own account (我的账号): who they are,
// their password (changed here, against the password policy and their
// recent passwords, and required here before any other page when an
// administrator set it or it is too old), their second factor (TOTP,
// enrolled or re-enrolled with a QR code drawn by the server, with
// one-time recovery codes), and their sessions and API tokens, each of
// which they may end. The login's own second step lives in package web
// and uses the enrolment of this package.
package account
