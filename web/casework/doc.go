// Package casework serves case work (个案服务): beneficiaries' files with
// their households, edits and exports; visits, follow-up levels,
// applications made on a beneficiary's behalf and needs assessments; the
// worklist of who is due a visit, the outcomes report and the access log of
// who saw whose personal data; as pages and as the JSON API. Every handler
// reads and writes with the request's scope: a beneficiary outside it is a
// 404, as if it did not exist.
package casework
