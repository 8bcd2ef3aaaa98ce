// Package recruit serves recruitment (招聘) and the people it brings: the
// campaigns of a bureau with their posts, timeline and exam checklist;
// applications with their eligibility review, scores (typed, or imported
// from the exam office's sheet), the ranking per post, the medical check,
// the public notice as Word and Excel, and the signing that makes each
// candidate a member of staff at their station; the statistics of a
// campaign; the supervisors and the stations each covers, with the chief
// supervisors; and each member of staff's record — qualifications,
// contracts, assignments, training hours and case work. Pages and the JSON
// API. City and county admins run campaigns in their scope and viewers
// follow them; applicants' numbers are masked, and every view of an
// application is written to the access log.
package recruit
