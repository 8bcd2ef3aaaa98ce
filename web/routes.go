package web

import (
	"net/http"

	"shuangbai/web/ui"
)

// routes returns the handler for every URL the server answers. Reading it top
// to bottom tells what the application does: the pages first, then the API.
// lagOK marks the reports, dashboards, lists, searches, exports and maps,
// whose reads may come from the read replica (--read-db); every other
// route, and every write, is served by the primary.
func (s *Server) routes() http.Handler {
	mux := patternMux{http.NewServeMux(), &s.patterns, &s.lagging}
	mux.Handle("GET /static/", s.ui.StaticFiles())
	mux.HandleFunc("GET /healthz", s.healthz)

	// Logging in and out. After the password, an account with a second
	// factor, or whose role must have one, enters its code (or enrols one
	// first) with a pending login that no other page accepts.
	mux.HandleFunc("GET /login", s.loginForm)
	mux.HandleFunc("POST /login", s.login)
	mux.HandleFunc("GET /login/totp", s.factorForm)
	mux.HandleFunc("POST /login/totp", s.totpLogin)
	mux.HandleFunc("GET /login/enrol", s.factorForm)
	mux.HandleFunc("POST /login/enrol", s.enrolLogin)
	mux.HandleFunc("POST /logout", s.logout)

	// The user's own account (我的账号): who they are, their password (every
	// other page sends them here while it must be changed), their second
	// factor, their sessions and API tokens.
	mux.Handle("GET /account", s.ui.Page(s.account.Show))
	mux.Handle("GET /account/password", s.ui.Page(s.account.PasswordForm))
	mux.Handle("POST /account/password", s.ui.Page(s.account.PasswordChange))
	mux.Handle("GET /account/totp", s.ui.Page(s.account.TOTPForm))
	mux.Handle("POST /account/totp", s.ui.Page(s.account.TOTPEnrol))
	mux.Handle("POST /account/tokens/{id}/revoke", s.ui.Page(s.account.Revoke))

	// Pages; s.page sends visitors without a session to /login.
	// The home page: the data dashboard (数据看板) of a region in the user's
	// scope over a period (?region=&from=&to=), or the worklist for those
	// whose day is visits; its charts' data as Excel (?chart= for one); the
	// same as JSON.
	mux.Handle("GET /{$}", lagOK(s.ui.Page(s.dashboard.Home)))
	mux.Handle("GET /dashboard.xlsx", lagOK(s.ui.Page(s.dashboard.XLSX)))
	mux.Handle("GET /api/v1/dashboard", lagOK(s.ui.API(s.dashboard.APIShow)))

	// The station network: regions, stations, points, staff and the
	// required numbers.
	mux.Handle("GET /regions", s.ui.Page(s.network.RegionHome))
	mux.Handle("GET /regions/{code}", s.ui.Page(s.network.RegionShow))

	mux.Handle("GET /stations", lagOK(s.ui.Page(s.network.StationList)))
	mux.Handle("GET /stations/new", s.ui.Page(s.network.StationNew))
	mux.Handle("POST /stations", s.ui.Page(s.network.StationCreate))
	mux.Handle("GET /stations/{id}", s.ui.Page(s.network.StationShow))
	mux.Handle("GET /stations/{id}/edit", s.ui.Page(s.network.StationEdit))
	mux.Handle("POST /stations/{id}", s.ui.Page(s.network.StationUpdate))

	mux.Handle("GET /points", lagOK(s.ui.Page(s.network.PointList)))
	mux.Handle("GET /points/new", s.ui.Page(s.network.PointNew))
	mux.Handle("POST /points", s.ui.Page(s.network.PointCreate))
	mux.Handle("GET /points/{id}", s.ui.Page(s.network.PointShow))
	mux.Handle("GET /points/{id}/edit", s.ui.Page(s.network.PointEdit))
	mux.Handle("POST /points/{id}", s.ui.Page(s.network.PointUpdate))

	mux.Handle("GET /staff", lagOK(s.ui.Page(s.network.StaffList)))
	mux.Handle("GET /staff/new", s.ui.Page(s.network.StaffNew))
	mux.Handle("POST /staff", s.ui.Page(s.network.StaffCreate))
	mux.Handle("GET /staff/{id}", s.ui.Page(s.network.StaffShow))
	mux.Handle("GET /staff/{id}/edit", s.ui.Page(s.network.StaffEdit))
	mux.Handle("POST /staff/{id}", s.ui.Page(s.network.StaffUpdate))
	mux.Handle("POST /staff/{id}/assignments", s.ui.Page(s.network.StaffAssign))
	mux.Handle("POST /staff/{id}/assignments/{aid}/end", s.ui.Page(s.network.StaffEnd))

	mux.Handle("GET /requirements", s.ui.Page(s.network.RequirementList))
	mux.Handle("POST /requirements/{county}", s.ui.Page(s.network.RequirementUpdate))

	// Administration: the follow-up settings (everyone reads them, a city
	// admin changes them); the three separated administrators' pages (三员):
	// the system administrator's accounts, the security administrator's
	// roles, locks, policies and sessions, and the audit log, which the
	// audit administrator also exports (with the access log) and verifies.
	mux.Handle("GET /settings/followup", s.ui.Page(s.admin.FollowupSettings))
	mux.Handle("POST /settings/followup", s.ui.Page(s.admin.FollowupUpdate))
	mux.Handle("GET /users", s.ui.Page(s.admin.UserList))
	mux.Handle("GET /users/new", s.ui.Page(s.admin.UserNew))
	mux.Handle("POST /users", s.ui.Page(s.admin.UserCreate))
	mux.Handle("GET /users/{username}/edit", s.ui.Page(s.admin.UserEdit))
	mux.Handle("POST /users/{username}", s.ui.Page(s.admin.UserUpdate))
	mux.Handle("POST /users/{username}/password", s.ui.Page(s.admin.UserPassword))
	mux.Handle("POST /users/{username}/disabled", s.ui.Page(s.admin.UserSetDisabled))
	mux.Handle("GET /security", s.ui.Page(s.admin.SecurityShow))
	mux.Handle("POST /security/users/{username}/role", s.ui.Page(s.admin.SecurityRole))
	mux.Handle("POST /security/users/{username}/unlock", s.ui.Page(s.admin.SecurityUnlock))
	mux.Handle("POST /security/users/{username}/totp", s.ui.Page(s.admin.SecurityResetTOTP))
	mux.Handle("POST /security/password-policy", s.ui.Page(s.admin.SecurityPolicy))
	mux.Handle("POST /security/totp-roles", s.ui.Page(s.admin.SecurityTOTPRoles))
	mux.Handle("POST /security/sessions/{id}/revoke", s.ui.Page(s.admin.SecurityRevoke))
	mux.Handle("GET /audit", s.ui.Page(s.admin.AuditList))
	mux.Handle("GET /audit.xlsx", s.ui.Page(s.admin.AuditXLSX))
	mux.Handle("GET /audit.csv", s.ui.Page(s.admin.AuditCSV))
	mux.Handle("GET /access-log.xlsx", s.ui.Page(s.admin.AccessLogXLSX))
	mux.Handle("GET /access-log.csv", s.ui.Page(s.admin.AccessLogCSV))
	mux.Handle("POST /audit/verify", s.ui.Page(s.admin.AuditVerify))

	// Security alerts (安全提醒) for the city and county admins: someone
	// outside their scope typed or imported ID numbers filed in it.
	mux.Handle("GET /alerts", s.ui.Page(s.admin.AlertList))
	mux.Handle("POST /alerts/{id}/read", s.ui.Page(s.admin.AlertRead))

	// JSON API; s.api requires "Authorization: Bearer TOKEN".
	mux.HandleFunc("POST /api/v1/login", s.apiLogin)
	mux.Handle("POST /api/v1/logout", s.ui.API(s.apiLogout))
	mux.Handle("GET /api/v1/me", s.ui.API(s.apiMe))

	// The station network's API.
	mux.Handle("GET /api/v1/regions/{code}", s.ui.API(s.network.APIRegionShow))
	mux.Handle("GET /api/v1/regions/{code}/children", s.ui.API(s.network.APIRegionChildren))

	mux.Handle("GET /api/v1/stations", lagOK(s.ui.API(s.network.APIStationList)))
	mux.Handle("POST /api/v1/stations", s.ui.API(s.network.APIStationCreate))
	mux.Handle("GET /api/v1/stations/{id}", s.ui.API(s.network.APIStationShow))
	mux.Handle("PATCH /api/v1/stations/{id}", s.ui.API(s.network.APIStationUpdate))

	mux.Handle("GET /api/v1/points", lagOK(s.ui.API(s.network.APIPointList)))
	mux.Handle("POST /api/v1/points", s.ui.API(s.network.APIPointCreate))
	mux.Handle("GET /api/v1/points/{id}", s.ui.API(s.network.APIPointShow))
	mux.Handle("PATCH /api/v1/points/{id}", s.ui.API(s.network.APIPointUpdate))

	mux.Handle("GET /api/v1/people", lagOK(s.ui.API(s.network.APIPersonList)))
	mux.Handle("POST /api/v1/people", s.ui.API(s.network.APIPersonCreate))
	mux.Handle("GET /api/v1/people/{id}", s.ui.API(s.network.APIPersonShow))

	// The construction progress table (社工站（点）建设进度情况一览表): the
	// table and its downloads, the lists behind its numbers, the county facts
	// and trainings it counts, and the import of a filled-in sheet; then the
	// same as JSON.
	mux.Handle("GET /reports/progress", lagOK(s.ui.Page(s.progress.TableShow)))
	mux.Handle("GET /reports/progress.xlsx", lagOK(s.ui.Page(s.progress.TableXLSX)))
	mux.Handle("GET /reports/progress.csv", lagOK(s.ui.Page(s.progress.TableCSV)))

	mux.Handle("GET /reports/progress/sites", lagOK(s.ui.Page(s.progress.DrillSites)))
	mux.Handle("GET /reports/progress/staff", lagOK(s.ui.Page(s.progress.DrillStaff)))
	mux.Handle("GET /reports/progress/trainings", lagOK(s.ui.Page(s.progress.DrillTrainings)))

	mux.Handle("GET /reports/progress/facts/{region}", s.ui.Page(s.progress.FactsShow))
	mux.Handle("POST /reports/progress/facts/{region}", s.ui.Page(s.progress.FactsCreate))

	mux.Handle("GET /reports/progress/import", s.ui.Page(s.progress.ImportForm))
	mux.Handle("POST /reports/progress/import", s.ui.Page(s.progress.ImportUpload))
	mux.Handle("POST /reports/progress/import/{token}", s.ui.Page(s.progress.ImportConfirm))

	mux.Handle("GET /trainings", lagOK(s.ui.Page(s.progress.TrainingList)))
	mux.Handle("GET /trainings/new", s.ui.Page(s.progress.TrainingNew))
	mux.Handle("POST /trainings", s.ui.Page(s.progress.TrainingCreate))

	mux.Handle("GET /api/v1/reports/progress", lagOK(s.ui.API(s.progress.APITableShow)))
	mux.Handle("GET /api/v1/reports/progress.xlsx", lagOK(s.ui.API(s.progress.TableXLSX)))
	mux.Handle("POST /api/v1/reports/progress/import", s.ui.API(s.progress.APIImport))

	// Case work (个案服务): beneficiaries' files, visits, levels,
	// applications, assessments, worklists, outcomes and the access log.
	// Every handler reads and writes with the user's scope: a record outside
	// it is a 404. s.cases refuses the three administrators, who read no
	// beneficiary's file; the access log is the audit administrator's to
	// read, so it is not guarded.
	mux.Handle("GET /worklist", lagOK(s.ui.Page(s.cases(s.casework.WorklistShow))))

	// Escalation (四级跟进): the worklist lists the late visits the viewer's
	// tier has been told of; the bureau sees the overdue rates at the last
	// month ends; the API gives any tier's list.
	mux.Handle("GET /worklist/history", lagOK(s.ui.Page(s.cases(s.casework.WorklistHistory))))
	mux.Handle("GET /api/v1/escalations", lagOK(s.ui.API(s.cases(s.casework.APIEscalationList)))) // ?tier=lead|supervisor|county&region=

	// Exports of people (the register, its visits or applications, a
	// worklist) as XLSX or CSV: the GET asks for the reason, the POST logs
	// each person exported and sends the file.
	mux.Handle("GET /beneficiaries.xlsx", s.ui.Page(s.cases(s.casework.BeneficiaryExportForm)))
	mux.Handle("GET /beneficiaries.csv", s.ui.Page(s.cases(s.casework.BeneficiaryExportForm)))
	mux.Handle("POST /beneficiaries.xlsx", lagOK(s.ui.Page(s.cases(s.casework.BeneficiaryExport))))
	mux.Handle("POST /beneficiaries.csv", lagOK(s.ui.Page(s.cases(s.casework.BeneficiaryExport))))
	mux.Handle("GET /worklist.xlsx", s.ui.Page(s.cases(s.casework.WorklistExportForm)))
	mux.Handle("POST /worklist.xlsx", lagOK(s.ui.Page(s.cases(s.casework.WorklistExport))))
	mux.Handle("POST /worklist.csv", lagOK(s.ui.Page(s.cases(s.casework.WorklistExport))))

	// Attachments (附件) on a file or a visit: uploaded from the file page,
	// downloaded (never shown inline) with each view logged like the file.
	mux.Handle("POST /beneficiaries/{id}/attachments", s.ui.Page(s.cases(s.casework.AttachmentCreate)))
	mux.Handle("GET /attachments/{id}", s.ui.Page(s.cases(s.casework.AttachmentShow)))
	mux.Handle("GET /attachments/{id}/thumb", s.ui.Page(s.cases(s.casework.AttachmentThumb)))

	mux.Handle("GET /beneficiaries", lagOK(s.ui.Page(s.cases(s.casework.BeneficiaryList))))
	mux.Handle("GET /beneficiaries/new", s.ui.Page(s.cases(s.casework.BeneficiaryNew)))
	mux.Handle("POST /beneficiaries", s.ui.Page(s.cases(s.casework.BeneficiaryCreate)))
	mux.Handle("GET /beneficiaries/{id}", s.ui.Page(s.cases(s.casework.BeneficiaryShow)))
	mux.Handle("GET /beneficiaries/{id}/edit", s.ui.Page(s.cases(s.casework.BeneficiaryEdit)))
	mux.Handle("POST /beneficiaries/{id}", s.ui.Page(s.cases(s.casework.BeneficiaryUpdate)))
	mux.Handle("POST /beneficiaries/{id}/reveal", s.ui.Page(s.cases(s.casework.BeneficiaryReveal)))
	mux.Handle("POST /beneficiaries/{id}/level", s.ui.Page(s.cases(s.casework.BeneficiaryLevel)))
	mux.Handle("POST /beneficiaries/{id}/level/{change}/confirm", s.ui.Page(s.cases(s.casework.BeneficiaryLevelConfirm)))
	mux.Handle("POST /beneficiaries/{id}/close", s.ui.Page(s.cases(s.casework.BeneficiaryClose)))
	mux.Handle("POST /beneficiaries/{id}/reopen", s.ui.Page(s.cases(s.casework.BeneficiaryReopen)))
	mux.Handle("POST /beneficiaries/{id}/assessments", s.ui.Page(s.cases(s.casework.AssessmentCreate)))
	mux.Handle("GET /beneficiaries/{id}/visits/new", s.ui.Page(s.cases(s.casework.VisitNew)))
	mux.Handle("POST /beneficiaries/{id}/visits", s.ui.Page(s.cases(s.casework.VisitCreate)))
	mux.Handle("GET /beneficiaries/{id}/applications/new", s.ui.Page(s.cases(s.casework.ApplicationNew)))
	mux.Handle("POST /beneficiaries/{id}/applications", s.ui.Page(s.cases(s.casework.ApplicationCreate)))
	mux.Handle("GET /beneficiaries/{id}/applications/{app}", s.ui.Page(s.cases(s.casework.ApplicationEdit)))
	mux.Handle("POST /beneficiaries/{id}/applications/{app}", s.ui.Page(s.cases(s.casework.ApplicationUpdate)))

	mux.Handle("GET /reports/outcomes", lagOK(s.ui.Page(s.cases(s.casework.OutcomesShow))))
	mux.Handle("GET /access-log", s.ui.Page(s.casework.AccessLogList))

	mux.Handle("GET /api/v1/beneficiaries", lagOK(s.ui.API(s.cases(s.casework.APIBeneficiaryList))))
	mux.Handle("POST /api/v1/beneficiaries", s.ui.API(s.cases(s.casework.APIBeneficiaryCreate)))
	mux.Handle("GET /api/v1/beneficiaries/{id}", s.ui.API(s.cases(s.casework.APIBeneficiaryShow)))
	mux.Handle("PATCH /api/v1/beneficiaries/{id}", s.ui.API(s.cases(s.casework.APIBeneficiaryUpdate)))
	mux.Handle("POST /api/v1/beneficiaries/{id}/level", s.ui.API(s.cases(s.casework.APIBeneficiaryLevel)))
	mux.Handle("GET /api/v1/households/{id}", s.ui.API(s.cases(s.casework.APIHouseholdShow)))
	mux.Handle("GET /api/v1/visits", lagOK(s.ui.API(s.cases(s.casework.APIVisitList))))
	mux.Handle("POST /api/v1/visits", s.ui.API(s.cases(s.casework.APIVisitCreate)))
	mux.Handle("GET /api/v1/applications", lagOK(s.ui.API(s.cases(s.casework.APIApplicationList))))
	mux.Handle("POST /api/v1/applications", s.ui.API(s.cases(s.casework.APIApplicationCreate)))
	mux.Handle("PATCH /api/v1/applications/{id}", s.ui.API(s.cases(s.casework.APIApplicationUpdate)))
	mux.Handle("GET /api/v1/worklist", lagOK(s.ui.API(s.cases(s.casework.APIWorklistShow))))
	mux.Handle("GET /api/v1/reports/outcomes", lagOK(s.ui.API(s.cases(s.casework.APIOutcomesShow))))

	// 政策找人 (finding the people a policy covers): who appears to qualify
	// for a benefit by the rules of a day and has no application of its
	// kind; the list's Excel download for the bureau; the rules in force
	// and their dated versions, which a city or county admin records. It
	// lists beneficiaries, so s.cases refuses the three administrators.
	mux.Handle("GET /eligible", lagOK(s.ui.Page(s.cases(s.eligibility.ListShow))))          // ?benefit=&region=&date=
	mux.Handle("GET /eligible.xlsx", lagOK(s.ui.Page(s.cases(s.eligibility.ListXLSX))))     // the same parameters
	mux.Handle("GET /settings/eligibility", s.ui.Page(s.cases(s.eligibility.RuleList)))     // ?date=, ?benefit= fills the form
	mux.Handle("POST /settings/eligibility", s.ui.Page(s.cases(s.eligibility.RuleCreate)))  // a new version from valid_from
	mux.Handle("GET /api/v1/eligible", lagOK(s.ui.API(s.cases(s.eligibility.APIListShow)))) // ?benefit=&region=&date=&limit=

	// Roster import (名册导入): a register of beneficiaries uploaded as .xlsx or
	// .csv, its columns mapped, every row checked, then imported. The upload is
	// kept on the server between the steps under a token, passed as the query
	// or form parameter t rather than in the path, where the request log would
	// keep it (and where /beneficiaries/import/{t}/… would clash with the case
	// pages' /beneficiaries/{id}/… routes).
	mux.Handle("GET /beneficiaries/import", s.ui.Page(s.cases(s.roster.RosterUploadForm)))
	mux.Handle("GET /beneficiaries/import/template.xlsx", s.ui.Page(s.cases(s.roster.RosterTemplate)))
	mux.Handle("POST /beneficiaries/import", s.ui.Page(s.cases(s.roster.RosterUpload)))
	mux.Handle("GET /beneficiaries/import/mapping", s.ui.Page(s.cases(s.roster.RosterMapping)))      // ?t=
	mux.Handle("POST /beneficiaries/import/preview", s.ui.Page(s.cases(s.roster.RosterPreviewPost))) // t, col0…, level
	mux.Handle("GET /beneficiaries/import/preview", s.ui.Page(s.cases(s.roster.RosterPreview)))      // ?t=
	mux.Handle("POST /beneficiaries/import/apply", s.ui.Page(s.cases(s.roster.RosterApply)))         // t, mode=all|valid
	mux.Handle("GET /beneficiaries/import/progress", s.ui.Page(s.cases(s.roster.RosterProgress)))    // ?t=
	mux.Handle("GET /beneficiaries/import/status", s.ui.Page(s.cases(s.roster.RosterStatusJSON)))    // ?t=, JSON
	mux.Handle("GET /beneficiaries/import/errors.csv", s.ui.Page(s.cases(s.roster.RosterErrors)))    // ?t=
	mux.Handle("POST /api/v1/beneficiaries/import", s.ui.API(s.cases(s.roster.APIRosterImport)))     // ?mode=all|valid&dry_run=true|false
	// The files an import left to complete (待补充): a register that lacked
	// a disabled person's grade, for instance.
	mux.Handle("GET /beneficiaries/incomplete", s.ui.Page(s.cases(s.roster.RosterIncomplete))) // ?view=mine|all

	// Recruitment (招聘): campaigns with their posts and exam checklist,
	// applications (numbers masked, every view logged), scores typed or
	// imported from the exam office's sheet, the ranking, the notice as Word
	// and Excel, signing, statistics; then supervisors and staff records.
	// The score sheet's token is in the path: it names an upload held for
	// its uploader only, and expires within the half hour.
	mux.Handle("GET /campaigns", lagOK(s.ui.Page(s.recruit.CampaignList)))
	mux.Handle("GET /campaigns/new", s.ui.Page(s.recruit.CampaignNew))
	mux.Handle("POST /campaigns", s.ui.Page(s.recruit.CampaignCreate))
	mux.Handle("GET /campaigns/{id}", s.ui.Page(s.recruit.CampaignShow))
	mux.Handle("GET /campaigns/{id}/edit", s.ui.Page(s.recruit.CampaignEdit))
	mux.Handle("POST /campaigns/{id}", s.ui.Page(s.recruit.CampaignUpdate))
	mux.Handle("POST /campaigns/{id}/posts", s.ui.Page(s.recruit.PostSave))
	mux.Handle("POST /campaigns/{id}/tasks", s.ui.Page(s.recruit.TaskSave))
	mux.Handle("GET /campaigns/{id}/applicants", s.ui.Page(s.recruit.ApplicantList))
	mux.Handle("GET /campaigns/{id}/applicants/new", s.ui.Page(s.recruit.ApplicantNew))
	mux.Handle("POST /campaigns/{id}/applicants", s.ui.Page(s.recruit.ApplicantCreate))
	mux.Handle("GET /campaigns/{id}/applicants/{aid}", s.ui.Page(s.recruit.ApplicantShow))
	mux.Handle("POST /campaigns/{id}/applicants/{aid}/review", s.ui.Page(s.recruit.ApplicantReview))
	mux.Handle("POST /campaigns/{id}/applicants/{aid}/scores", s.ui.Page(s.recruit.ApplicantScores))
	mux.Handle("POST /campaigns/{id}/applicants/{aid}/medical", s.ui.Page(s.recruit.ApplicantMedical))
	mux.Handle("POST /campaigns/{id}/applicants/{aid}/reveal", s.ui.Page(s.recruit.ApplicantReveal))
	mux.Handle("GET /campaigns/{id}/scores/import", s.ui.Page(s.recruit.ScoreImportForm))
	mux.Handle("GET /campaigns/{id}/scores/template.xlsx", s.ui.Page(s.recruit.ScoreTemplate))
	mux.Handle("POST /campaigns/{id}/scores/import", s.ui.Page(s.recruit.ScoreImportUpload))
	mux.Handle("POST /campaigns/{id}/scores/import/{token}", s.ui.Page(s.recruit.ScoreImportConfirm))
	mux.Handle("GET /campaigns/{id}/ranking", s.ui.Page(s.recruit.RankingShow))
	mux.Handle("GET /campaigns/{id}/stats", s.ui.Page(s.recruit.StatsShow))
	mux.Handle("GET /campaigns/{id}/stats.xlsx", s.ui.Page(s.recruit.StatsXLSX))
	mux.Handle("GET /campaigns/{id}/notice.docx", s.ui.Page(s.recruit.NoticeDOCX))
	mux.Handle("GET /campaigns/{id}/notice.xlsx", s.ui.Page(s.recruit.NoticeXLSX))
	mux.Handle("GET /campaigns/{id}/sign", s.ui.Page(s.recruit.SignForm))
	mux.Handle("POST /campaigns/{id}/sign", s.ui.Page(s.recruit.SignCreate))
	mux.Handle("GET /supervisors", s.ui.Page(s.recruit.SupervisorList))
	mux.Handle("POST /supervisors/{id}/stations", s.ui.Page(s.recruit.SupervisorCover))
	mux.Handle("POST /supervisors/{id}/stations/{cid}/end", s.ui.Page(s.recruit.SupervisorEnd))
	// 总督导: appointing a successor ends the predecessor's term on the eve.
	mux.Handle("POST /supervisors/chiefs", s.ui.Page(s.recruit.ChiefAppoint))
	mux.Handle("POST /supervisors/chiefs/{id}/end", s.ui.Page(s.recruit.ChiefEnd))
	mux.Handle("GET /records", s.ui.Page(s.recruit.RecordList))
	mux.Handle("GET /records/{id}", s.ui.Page(s.recruit.RecordShow))
	mux.Handle("POST /records/{id}/qualifications", s.ui.Page(s.recruit.RecordQualification))
	mux.Handle("POST /records/{id}/contracts/{cid}/end", s.ui.Page(s.recruit.RecordContractEnd))

	mux.Handle("GET /api/v1/campaigns", lagOK(s.ui.API(s.recruit.APICampaignList)))
	mux.Handle("POST /api/v1/campaigns", s.ui.API(s.recruit.APICampaignCreate))
	mux.Handle("GET /api/v1/campaigns/{id}", s.ui.API(s.recruit.APICampaignShow))
	mux.Handle("PATCH /api/v1/campaigns/{id}", s.ui.API(s.recruit.APICampaignUpdate))
	mux.Handle("POST /api/v1/campaigns/{id}/posts", s.ui.API(s.recruit.APIPostCreate))
	mux.Handle("GET /api/v1/campaigns/{id}/applications", s.ui.API(s.recruit.APIApplicationList))
	mux.Handle("POST /api/v1/campaigns/{id}/applications", s.ui.API(s.recruit.APIApplicationCreate))
	mux.Handle("GET /api/v1/campaigns/{id}/applications/{aid}", s.ui.API(s.recruit.APIApplicationShow))
	mux.Handle("PATCH /api/v1/campaigns/{id}/applications/{aid}", s.ui.API(s.recruit.APIApplicationUpdate))
	mux.Handle("POST /api/v1/campaigns/{id}/scores", s.ui.API(s.recruit.APIScoreImport)) // ?dry_run=true
	mux.Handle("GET /api/v1/campaigns/{id}/ranking", s.ui.API(s.recruit.APIRanking))
	mux.Handle("GET /api/v1/campaigns/{id}/stats", s.ui.API(s.recruit.APIStats))
	mux.Handle("GET /api/v1/campaigns/{id}/stats.xlsx", s.ui.API(s.recruit.StatsXLSX))
	mux.Handle("GET /api/v1/campaigns/{id}/notice.docx", s.ui.API(s.recruit.NoticeDOCX))
	mux.Handle("GET /api/v1/campaigns/{id}/notice.xlsx", s.ui.API(s.recruit.NoticeXLSX))
	mux.Handle("POST /api/v1/campaigns/{id}/signings", s.ui.API(s.recruit.APISign))
	mux.Handle("GET /api/v1/staff", s.ui.API(s.recruit.APIStaffList))
	mux.Handle("GET /api/v1/staff/{id}", s.ui.API(s.recruit.APIStaffShow))
	mux.Handle("GET /api/v1/supervisors", s.ui.API(s.recruit.APISupervisorList))
	mux.Handle("POST /api/v1/supervisors/chiefs", s.ui.API(s.recruit.APIChiefAppoint))
	mux.Handle("PATCH /api/v1/supervisors/chiefs/{id}", s.ui.API(s.recruit.APIChiefUpdate))

	// Station plans (站点年度计划) and the city's templates for them. A
	// plan's progress counts the town's case files, so the three
	// administrators are kept out like every case route.
	mux.Handle("GET /plans", lagOK(s.ui.Page(s.cases(s.plan.PlanList))))
	mux.Handle("GET /plans.xlsx", lagOK(s.ui.Page(s.cases(s.plan.PlanListXLSX))))
	mux.Handle("GET /plans/new", s.ui.Page(s.cases(s.plan.PlanNew)))
	mux.Handle("POST /plans", s.ui.Page(s.cases(s.plan.PlanCreate)))
	mux.Handle("GET /plans/{id}", s.ui.Page(s.cases(s.plan.PlanShow)))
	mux.Handle("GET /plans/{id}/edit", s.ui.Page(s.cases(s.plan.PlanEdit)))
	mux.Handle("POST /plans/{id}", s.ui.Page(s.cases(s.plan.PlanUpdate)))
	mux.Handle("GET /plans/{id}/plan.docx", s.ui.Page(s.cases(s.plan.PlanDOCX)))
	mux.Handle("GET /plan-templates", s.ui.Page(s.cases(s.plan.TemplateList)))
	mux.Handle("GET /plan-templates/new", s.ui.Page(s.cases(s.plan.TemplateNew)))
	mux.Handle("POST /plan-templates", s.ui.Page(s.cases(s.plan.TemplateCreate)))
	mux.Handle("GET /plan-templates/{id}/edit", s.ui.Page(s.cases(s.plan.TemplateEdit)))
	mux.Handle("POST /plan-templates/{id}", s.ui.Page(s.cases(s.plan.TemplateUpdate)))

	mux.Handle("GET /api/v1/plans", lagOK(s.ui.API(s.cases(s.plan.APIPlanList))))
	mux.Handle("POST /api/v1/plans", s.ui.API(s.cases(s.plan.APIPlanCreate)))
	mux.Handle("GET /api/v1/plans/{id}", s.ui.API(s.cases(s.plan.APIPlanShow)))
	mux.Handle("PUT /api/v1/plans/{id}", s.ui.API(s.cases(s.plan.APIPlanReplace)))
	mux.Handle("GET /api/v1/plans/{id}/plan.docx", s.ui.API(s.cases(s.plan.PlanDOCX)))
	mux.Handle("GET /api/v1/plan-templates", s.ui.API(s.cases(s.plan.APITemplateList)))
	mux.Handle("POST /api/v1/plan-templates", s.ui.API(s.cases(s.plan.APITemplateCreate)))
	mux.Handle("PUT /api/v1/plan-templates/{id}", s.ui.API(s.cases(s.plan.APITemplateReplace)))

	// Station work (督导评估): supervision visits with their action items,
	// the list of items and rectification items (整改) to close, the
	// monitoring and evaluation rounds with their indicator sets and
	// scores; lists export as Excel, a visit and a round as Word. Like case
	// work they are no business of the three administrators (s.cases).
	mux.Handle("GET /supervision", lagOK(s.ui.Page(s.cases(s.supervision.VisitList))))
	mux.Handle("GET /supervision.xlsx", lagOK(s.ui.Page(s.cases(s.supervision.VisitsXLSX))))
	mux.Handle("GET /supervision/new", s.ui.Page(s.cases(s.supervision.VisitNew)))
	mux.Handle("POST /supervision", s.ui.Page(s.cases(s.supervision.VisitCreate)))
	mux.Handle("GET /supervision/{id}", s.ui.Page(s.cases(s.supervision.VisitShow)))
	mux.Handle("GET /supervision/{id}/report.docx", s.ui.Page(s.cases(s.supervision.VisitDOCX)))
	mux.Handle("POST /supervision/{id}/items", s.ui.Page(s.cases(s.supervision.VisitItemAdd)))
	mux.Handle("GET /action-items", lagOK(s.ui.Page(s.cases(s.supervision.ItemList)))) // ?status=overdue|open|all&kind=&region=
	mux.Handle("GET /action-items.xlsx", lagOK(s.ui.Page(s.cases(s.supervision.ItemsXLSX))))
	mux.Handle("GET /action-items/{id}", s.ui.Page(s.cases(s.supervision.ItemShow)))
	mux.Handle("POST /action-items/{id}/done", s.ui.Page(s.cases(s.supervision.ItemClose)))
	mux.Handle("GET /api/v1/supervision-visits", lagOK(s.ui.API(s.cases(s.supervision.APIVisitList))))
	mux.Handle("POST /api/v1/supervision-visits", s.ui.API(s.cases(s.supervision.APIVisitCreate)))
	mux.Handle("GET /api/v1/supervision-visits/{id}", s.ui.API(s.cases(s.supervision.APIVisitShow)))
	mux.Handle("GET /api/v1/action-items", lagOK(s.ui.API(s.cases(s.supervision.APIItemList))))
	mux.Handle("POST /api/v1/action-items/{id}/done", s.ui.API(s.cases(s.supervision.APIItemClose)))
	mux.Handle("GET /evaluations", lagOK(s.ui.Page(s.cases(s.evaluation.RoundList))))
	mux.Handle("GET /evaluations/new", s.ui.Page(s.cases(s.evaluation.RoundNew)))
	mux.Handle("POST /evaluations", s.ui.Page(s.cases(s.evaluation.RoundCreate)))
	mux.Handle("GET /evaluations/{id}", s.ui.Page(s.cases(s.evaluation.RoundShow)))
	mux.Handle("GET /evaluations/{id}/report.docx", s.ui.Page(s.cases(s.evaluation.RoundDOCX)))
	mux.Handle("GET /evaluations/{id}/scores.xlsx", s.ui.Page(s.cases(s.evaluation.RoundXLSX)))
	mux.Handle("GET /evaluations/{id}/stations/{sid}", s.ui.Page(s.cases(s.evaluation.StationShow)))
	mux.Handle("POST /evaluations/{id}/stations/{sid}", s.ui.Page(s.cases(s.evaluation.StationSave)))
	mux.Handle("POST /evaluations/{id}/stations/{sid}/items", s.ui.Page(s.cases(s.evaluation.StationItemAdd)))
	mux.Handle("GET /indicator-sets", s.ui.Page(s.cases(s.evaluation.SetList)))
	mux.Handle("POST /indicator-sets", s.ui.Page(s.cases(s.evaluation.SetCreate)))
	mux.Handle("GET /api/v1/evaluations", lagOK(s.ui.API(s.cases(s.evaluation.APIRoundList))))
	mux.Handle("POST /api/v1/evaluations", s.ui.API(s.cases(s.evaluation.APIRoundCreate)))
	mux.Handle("GET /api/v1/evaluations/{id}", s.ui.API(s.cases(s.evaluation.APIRoundShow)))
	mux.Handle("PUT /api/v1/evaluations/{id}/stations/{sid}", s.ui.API(s.cases(s.evaluation.APIStationScores)))
	mux.Handle("GET /api/v1/indicator-sets", s.ui.API(s.cases(s.evaluation.APISetList)))

	// The work briefing (工作简报): news items written by counties and
	// stations, reviewed by the city's editor with every version kept; the
	// series with their sections and distribution list; the issues, drafted
	// with live blocks and frozen when published; Word, HTML (and PDF once
	// wired) exports.
	mux.Handle("GET /news", lagOK(s.ui.Page(s.briefing.NewsList)))
	mux.Handle("GET /news/new", s.ui.Page(s.briefing.NewsNew))
	mux.Handle("POST /news", s.ui.Page(s.briefing.NewsCreate))
	mux.Handle("GET /news/{id}", s.ui.Page(s.briefing.NewsShow))
	mux.Handle("GET /news/{id}/edit", s.ui.Page(s.briefing.NewsEdit))
	mux.Handle("POST /news/{id}", s.ui.Page(s.briefing.NewsUpdate))
	mux.Handle("POST /news/{id}/submit", s.ui.Page(s.briefing.NewsSubmit))
	mux.Handle("POST /news/{id}/review", s.ui.Page(s.briefing.NewsReview))
	mux.Handle("POST /news/{id}/photos", s.ui.Page(s.briefing.NewsPhotoCreate))
	mux.Handle("GET /news/{id}/photos/{pid}", s.ui.Page(s.briefing.NewsPhoto))
	mux.Handle("GET /briefings", lagOK(s.ui.Page(s.briefing.BriefingList)))
	mux.Handle("POST /briefings", s.ui.Page(s.briefing.BriefingCreate))
	mux.Handle("GET /briefings/{id}", s.ui.Page(s.briefing.BriefingShow))
	mux.Handle("POST /briefings/{id}", s.ui.Page(s.briefing.BriefingUpdate))
	mux.Handle("POST /briefings/{id}/entries", s.ui.Page(s.briefing.EntryAdd))
	mux.Handle("POST /briefings/{id}/entries/{s}/{e}", s.ui.Page(s.briefing.EntryChange))
	mux.Handle("POST /briefings/{id}/publish", s.ui.Page(s.briefing.BriefingPublish))
	mux.Handle("POST /briefings/{id}/correct", s.ui.Page(s.briefing.BriefingCorrect))
	mux.Handle("GET /briefings/{id}/export", s.ui.Page(s.briefing.BriefingExport)) // ?format=docx|pdf|html
	mux.Handle("GET /briefing-series/{id}", s.ui.Page(s.briefing.SeriesEdit))
	mux.Handle("POST /briefing-series/{id}", s.ui.Page(s.briefing.SeriesUpdate))
	mux.Handle("GET /api/v1/news", lagOK(s.ui.API(s.briefing.APINewsList)))
	mux.Handle("POST /api/v1/news", s.ui.API(s.briefing.APINewsCreate))
	mux.Handle("GET /api/v1/news/{id}", s.ui.API(s.briefing.APINewsShow))
	mux.Handle("GET /api/v1/briefings", lagOK(s.ui.API(s.briefing.APIBriefingList)))
	mux.Handle("POST /api/v1/briefings", s.ui.API(s.briefing.APIBriefingCreate))
	mux.Handle("GET /api/v1/briefings/{id}", s.ui.API(s.briefing.APIBriefingShow))
	mux.Handle("PATCH /api/v1/briefings/{id}", s.ui.API(s.briefing.APIBriefingUpdate))
	mux.Handle("POST /api/v1/briefings/{id}/publish", s.ui.API(s.briefing.APIBriefingPublish))
	mux.Handle("GET /api/v1/briefings/{id}/export", s.ui.API(s.briefing.BriefingExport)) // ?format=docx|pdf|html

	// Community activities (社区活动): the list (?region, kind, from, to,
	// before: keyset paging) and its Excel, the form, the page with its
	// photos and named participants; a participant not on file is filed
	// from the activity (识别方式 社区活动). Photos are served inside scope.
	mux.Handle("GET /activities", lagOK(s.ui.Page(s.cases(s.activity.List))))
	mux.Handle("GET /activities.xlsx", lagOK(s.ui.Page(s.cases(s.activity.XLSX))))
	mux.Handle("GET /activities/new", s.ui.Page(s.cases(s.activity.New)))
	mux.Handle("POST /activities", s.ui.Page(s.cases(s.activity.Create)))
	mux.Handle("GET /activities/{id}", s.ui.Page(s.cases(s.activity.Show)))
	mux.Handle("GET /activities/{id}/edit", s.ui.Page(s.cases(s.activity.Edit)))
	mux.Handle("POST /activities/{id}", s.ui.Page(s.cases(s.activity.Update)))
	mux.Handle("POST /activities/{id}/photos", s.ui.Page(s.cases(s.activity.PhotoCreate)))
	mux.Handle("POST /activities/{id}/participants", s.ui.Page(s.cases(s.activity.ParticipantCreate)))
	mux.Handle("POST /activities/{id}/participants/{pid}/remove", s.ui.Page(s.cases(s.activity.ParticipantRemove)))
	mux.Handle("GET /activities/{id}/participants/{pid}/file", s.ui.Page(s.cases(s.activity.FileForm)))
	mux.Handle("POST /activities/{id}/participants/{pid}/file", s.ui.Page(s.cases(s.activity.File)))
	mux.Handle("GET /activity-photos/{id}", s.ui.Page(s.cases(s.activity.PhotoShow)))
	mux.Handle("GET /activity-photos/{id}/thumb", s.ui.Page(s.cases(s.activity.PhotoThumb)))
	mux.Handle("GET /api/v1/activities", lagOK(s.ui.API(s.cases(s.activity.APIList))))
	mux.Handle("POST /api/v1/activities", s.ui.API(s.cases(s.activity.APICreate)))
	mux.Handle("GET /api/v1/activities.xlsx", lagOK(s.ui.API(s.cases(s.activity.XLSX))))
	mux.Handle("GET /api/v1/activities/counts", lagOK(s.ui.API(s.cases(s.activity.APICounts))))
	mux.Handle("GET /api/v1/activities/{id}", s.ui.API(s.cases(s.activity.APIShow)))
	mux.Handle("PATCH /api/v1/activities/{id}", s.ui.API(s.cases(s.activity.APIUpdate)))
	mux.Handle("POST /api/v1/activities/{id}/photos", s.ui.API(s.cases(s.activity.APIPhotoCreate)))
	mux.Handle("POST /api/v1/activities/{id}/participants", s.ui.API(s.cases(s.activity.APIParticipantCreate)))
	mux.Handle("POST /api/v1/activities/{id}/participants/{pid}/file", s.ui.API(s.cases(s.activity.APIParticipantFile)))

	// The service map (服务地图): stations, points and counts per region on
	// the bureau's own boundaries (uploaded per level by city and county
	// admins); people one by one only on a station's own map. The page
	// carries its GeoJSON; API clients read the same from /api/v1/map.
	mux.Handle("GET /map", lagOK(s.ui.Page(s.maps.Show))) // ?region=&group=&level=&overdue=
	mux.Handle("GET /map/boundaries", s.ui.Page(s.maps.Boundaries))
	mux.Handle("POST /map/boundaries", s.ui.Page(s.maps.BoundaryUpload))
	mux.Handle("GET /api/v1/map", lagOK(s.ui.API(s.maps.APIMap)))             // ?region=&layer=&group=&level=&overdue=
	mux.Handle("POST /api/v1/boundaries", s.ui.API(s.maps.APIBoundaryUpload)) // ?level=&crs=
	// The offline phone app (离线探访): its page, manifest and service
	// worker, the bundle of the worker's own open cases, and the sync of
	// what she recorded offline — visits once each under a client UUID
	// (Idempotency-Key), edits field by field with conflicts returned. The
	// JSON endpoints use the browser session, not an API token.
	mux.Handle("GET /offline/{$}", s.ui.Page(s.cases(s.offline.App)))
	mux.HandleFunc("GET /offline/sw.js", s.offline.ServiceWorker)
	mux.HandleFunc("GET /offline/manifest.webmanifest", s.offline.Manifest)
	mux.Handle("GET /offline/api/bundle", s.offline.JSON(s.offline.Bundle))
	mux.Handle("POST /offline/api/visits", s.offline.JSON(s.offline.VisitCreate))
	mux.Handle("POST /offline/api/visits/batch", s.offline.JSON(s.offline.VisitBatch))
	mux.Handle("POST /offline/api/cases/{id}/fields", s.offline.JSON(s.offline.FieldsUpdate))

	// The user guide (帮助), opened at the reader's own role.
	mux.Handle("GET /help", s.ui.Page(s.help.Guide))

	// Search of the published briefings and news (web/search).
	mux.Handle("GET /search", lagOK(s.ui.Page(s.search.Page)))
	mux.Handle("GET /api/v1/search", lagOK(s.ui.API(s.search.API)))

	// Anything else: a Chinese 404 page, or a JSON 404 under /api/.
	mux.HandleFunc("/api/", s.ui.APINotFound)
	mux.HandleFunc("/", s.ui.NotFound)

	return s.logRequests(s.recoverPanics(securityHeaders(s.crossOrigin(finishWrites(mux)))))
}

// cases guards a page or API handler of beneficiaries' files: the three
// administrators (三员) run the system and may not read them, whatever the
// handler itself checks.
func (s *Server) cases(h ui.HandlerFunc) ui.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := ui.RequireCases(ui.User(r)); err != nil {
			return err
		}
		return h(w, r)
	}
}
