// Package eligibility serves 政策找人 (finding the people a policy covers):
// the worklist of people whose files show they appear to qualify for a
// benefit (高龄津贴, 困难残疾人生活补贴, 重度残疾人护理补贴, 特困供养, 临时救助)
// and have no application of its kind, each with the rule, the reason and
// the document the rule comes from, for any day with that day's rules; its
// print view, XLSX export and JSON API; and the rules themselves, which a
// city or county admin changes as dated versions. It serves case data, so
// every route is guarded against the three administrators, and every list
// is read with the request's scope.
package eligibility
