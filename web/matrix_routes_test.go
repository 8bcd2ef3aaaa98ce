package web_test

import "shuangbai/web/webtest"

// The access-control matrix (issue 15): every route the server registers,
// called as every kind of account from several places in the region tree,
// with ids of records inside and outside the account's scope. Nothing
// outside may be returned or changed: an outside id is a 404 (or a 403
// where the role may not use the feature at all), no answer holds an
// outside record's names or numbers, and a refused write leaves every
// table as it was. The table below must name every route: a route added
// without an entry fails TestAccessMatrix.

// A matrixRoute says how to call one route.
type matrixRoute struct {
	// rec names the fixture records whose ids fill the path parameters
	// (keys of matrixFixture.ids, comma-separated when several fit); ""
	// for a route that names no record, whose answers are checked for
	// what is outside all the same.
	rec string
	// self: the user's own login, session or account, or a page with no
	// data (help, static files): read like the rest, but never written to,
	// since a logout would end the shared sessions.
	self bool
	// live is the account whose reads of every place's record must
	// succeed, proving the ids are good (so an outside 404 means scope and
	// not a bad id); default the city admin, who sees every place. "-":
	// none can (a token only its owner revokes).
	live string
	// body is the form or JSON a write sends, for a handler that checks
	// its input before it looks the record up (an empty one would be
	// refused as invalid, showing nothing of where the check is); {region},
	// {station} and {supervisor} name the place's. upload sends a PNG as
	// the multipart field "file".
	body   string
	upload bool
	// last: the live write removes what it names, so it runs after the
	// others that name it.
	last bool
	// create is the body of a write that names a place in the body: a
	// create, or with rec an update that moves the record there. {key}
	// names the place's ids (matrixFixture.ids["place"]), {own.key} those
	// of the account's own place (ownPlace), whose record of rec the path
	// names, and {new.id} an ID number no file holds. Sent by every
	// account for every place outside it, it must be refused and change
	// nothing; sent by creator (default 云城区's admin) for 河口 with
	// 河口's record, it must succeed — so the body is good and a refusal
	// means the scope — and change no row of a region outside the creator. more are further bodies, checked the same way: the
	// ones inside but for one record they name.
	more []string
	// sibling are bodies like create's that join the account's own record
	// ({own.key}, the path's) to one of another town of its county
	// ({key}): both inside, but a rule keeps them apart, so they must be
	// refused too.
	sibling []string
	// cousin are bodies like sibling's that join the account's own record
	// (河口's) to one of another county (双东's, {key}): both inside the
	// city's accounts, but kept apart by a rule. up are bodies sent by
	// every account naming the region above its home ({up}) with its own
	// place's records ({key}): refused, since that region is not its to
	// write.
	cousin, up []string
	// nofilter: a list whose query takes no region (or station), so that
	// narrowing it to a town shows what it shows without; or a town's
	// record page that offers choices from the whole scope (a form's
	// pickers). Else a list narrowed to a town, and a town's record, show
	// nothing of the other towns.
	nofilter bool
	// ownOnly: a record above the account (the city's facts, for a
	// county) is not its to read either: refused as if outside.
	ownOnly bool
	// home: a page that shows its figures for a region asked for (the
	// progress table, the outcomes): the snapshots of independent read it
	// for the account's home region too, today and on a day before its
	// first site (which the table refuses), and for 河口's village.
	home bool
	// query is added to a create's path.
	query string
	// ownRec is the kind of the account's own record whose id fills the
	// path of a create with rec, when it is not rec's first.
	ownRec string
	// ownPart: each county writes its own part of the city's campaign
	// (pShared) here — its posts' applicants, scores and signings — so
	// the county's writes to it are not refused; the organiser's are.
	ownPart bool
	// logs: a refusal may log the attempt where the record it names is
	// (logTables, and the head of their hash chain): an ID number filed
	// elsewhere.
	logs bool
	// batch: the answer is 200 with each item's own status, and a refusal
	// is an item's 4xx.
	batch           bool
	create, creator string
}

// matrixRoutes is the matrix's table: one entry per registered pattern.
var matrixRoutes = map[string]matrixRoute{
	"GET /static/":                     {self: true},
	"GET /healthz":                     {self: true},
	"GET /login":                       {self: true},
	"POST /login":                      {self: true},
	"GET /login/totp":                  {self: true},
	"POST /login/totp":                 {self: true},
	"GET /login/enrol":                 {self: true},
	"POST /login/enrol":                {self: true},
	"POST /logout":                     {self: true},
	"GET /account":                     {self: true},
	"GET /account/password":            {self: true},
	"POST /account/password":           {self: true},
	"GET /account/totp":                {self: true},
	"POST /account/totp":               {self: true},
	"POST /account/tokens/{id}/revoke": {rec: "session", live: "-"},
	"GET /{$}":                         {},
	"GET /dashboard.xlsx":              {},
	"GET /api/v1/dashboard":            {},
	"GET /regions":                     {},
	"GET /regions/{code}":              {rec: "region"},
	"GET /stations":                    {},
	"GET /stations/new":                {},
	"POST /stations":                   {create: "region={freetown}&name=矩阵新站&status=planned"},
	"GET /stations/{id}":               {rec: "station"},
	"GET /stations/{id}/edit":          {rec: "station"},
	"POST /stations/{id}":              {rec: "station"},
	"GET /points":                      {},
	"GET /points/new":                  {},
	"POST /points":                     {create: "region={freevillage}&name=矩阵新点&status=planned"},
	"GET /points/{id}":                 {rec: "point"},
	"GET /points/{id}/edit":            {rec: "point"},
	"POST /points/{id}":                {rec: "point"},
	"GET /staff":                       {},
	"GET /staff/new":                   {},
	"POST /staff":                      {create: "name=矩阵社工&gender=女&role=worker&region={region}"},
	"GET /staff/{id}":                  {rec: "person"},
	"GET /staff/{id}/edit":             {rec: "person"},
	"POST /staff/{id}":                 {rec: "person", body: "name=改名&gender=女&role=worker&region={region}", create: "name=改名&gender=女&role=worker&region={region}"},
	"POST /staff/{id}/assignments": {rec: "assignment", create: "site=station:{station}&from=2021-08-05", more: []string{"site=point:{point}&from=2021-08-05"},
		sibling: []string{"site=station:{station}&from=2021-08-05", "site=point:{point}&from=2021-08-05"}},
	// A good last day: an empty one is refused before the assignment is
	// looked up, and a bad one after it, by a page that reads the person
	// in scope. The live write ends the assignments, so it goes last.
	"POST /staff/{id}/assignments/{aid}/end": {rec: "assignment", body: "to=2021-08-02", last: true},
	"GET /requirements":                      {},
	"POST /requirements/{county}":            {rec: "county"},
	"GET /settings/followup":                 {},
	"POST /settings/followup":                {},
	"GET /users":                             {},
	"GET /users/new":                         {live: webtest.CitySys},
	"POST /users": {create: "username=matrix.new&name=矩阵账号&role=worker&region={region}&password=Kx7-mQ2v-pL9w-R&password2=Kx7-mQ2v-pL9w-R", creator: webtest.CitySys,
		more:    []string{"username=matrix.new2&name=矩阵账号&role=worker&region={own.region}&person_id={person}&password=Kx7-mQ2v-pL9w-R&password2=Kx7-mQ2v-pL9w-R"},
		sibling: []string{"username=matrix.sib&name=矩阵账号&role=worker&region={own.region}&person_id={person}&password=Kx7-mQ2v-pL9w-R&password2=Kx7-mQ2v-pL9w-R"}},
	"GET /users/{username}/edit": {rec: "user", live: webtest.CitySys},
	"POST /users/{username}": {rec: "user", live: webtest.CitySys, create: "name=陈云城&region={region}&person_id={person}", creator: webtest.CitySys,
		// The second moves the account with no staff entry, whose check
		// would refuse the outside region first; the third links it again.
		more:    []string{"name=陈云城&region={region}", "name=陈云城&region={own.region}&person_id={person}"},
		sibling: []string{"name=陈云城&region={own.region}&person_id={person}"}},
	"POST /users/{username}/password":        {rec: "user", live: webtest.CitySys},
	"POST /users/{username}/disabled":        {rec: "user", live: webtest.CitySys},
	"GET /security":                          {},
	"POST /security/users/{username}/role":   {rec: "user", live: webtest.CitySec},
	"POST /security/users/{username}/unlock": {rec: "user", live: webtest.CitySec},
	"POST /security/users/{username}/totp":   {rec: "user", live: webtest.CitySec},
	"POST /security/password-policy":         {live: webtest.CitySec},
	"POST /security/totp-roles":              {live: webtest.CitySec},
	"POST /security/sessions/{id}/revoke":    {rec: "session", live: webtest.CitySec},
	"GET /audit":                             {nofilter: true},
	"GET /audit.xlsx":                        {},
	"GET /audit.csv":                         {},
	"GET /access-log.xlsx":                   {},
	"GET /access-log.csv":                    {},
	"POST /audit/verify":                     {},
	"GET /alerts":                            {},
	"POST /alerts/{id}/read":                 {rec: "alert"},
	"POST /api/v1/login":                     {self: true},
	"POST /api/v1/logout":                    {self: true},
	"GET /api/v1/me":                         {self: true},
	"GET /api/v1/regions/{code}":             {rec: "region"},
	"GET /api/v1/regions/{code}/children":    {rec: "region"},
	"GET /api/v1/stations":                   {},
	"POST /api/v1/stations":                  {create: `{"region":"{freetown2}","name":"矩阵新站","status":"planned"}`},
	"GET /api/v1/stations/{id}":              {rec: "station"},
	"PATCH /api/v1/stations/{id}":            {rec: "station"},
	"GET /api/v1/points":                     {},
	"POST /api/v1/points":                    {create: `{"region":"{freevillage2}","station_id":{station},"name":"矩阵新点","status":"planned"}`},
	"GET /api/v1/points/{id}":                {rec: "point"},
	"PATCH /api/v1/points/{id}":              {rec: "point"},
	"GET /api/v1/people":                     {},
	"POST /api/v1/people":                    {create: `{"region":"{region}","name":"矩阵社工","gender":"女","role":"worker"}`},
	"GET /api/v1/people/{id}":                {rec: "person"},
	"GET /reports/progress":                  {home: true},
	"GET /reports/progress.xlsx":             {},
	"GET /reports/progress.csv":              {},
	"GET /reports/progress/sites":            {},
	"GET /reports/progress/staff":            {},
	"GET /reports/progress/trainings":        {},
	"GET /reports/progress/facts/{region}":   {rec: "county,county-city", ownOnly: true},
	"POST /reports/progress/facts/{region}":  {rec: "county,county-city", body: "effective=2021-08-01&plan_issued=on&plan_date=2021-07-01"},
	"GET /reports/progress/import":           {},
	"POST /reports/progress/import":          {},
	"POST /reports/progress/import/{token}":  {},
	"GET /trainings":                         {},
	"GET /trainings/new":                     {nofilter: true},
	"POST /trainings": {create: "title=矩阵培训&held_on=2021-08-01&kind=professional&hours=8&region={county}",
		more: []string{"title=矩阵培训&held_on=2021-08-01&kind=professional&hours=8&region={own.county}&attendees={person}"}},
	"GET /api/v1/reports/progress":         {},
	"GET /api/v1/reports/progress.xlsx":    {},
	"POST /api/v1/reports/progress/import": {},
	"GET /worklist":                        {},
	// The offline app: only a worker's own open cases ever reach it; the
	// fields endpoint reads the case only after the body, so no live check.
	"GET /offline/{$}":                     {},
	"GET /offline/sw.js":                   {self: true},
	"GET /offline/manifest.webmanifest":    {self: true},
	"GET /offline/api/bundle":              {},
	"POST /offline/api/visits":             {create: `{"beneficiary_id":{file},"on":"2021-08-09","kind":"home","findings":"离线登记"}`, creator: webtest.YcWorker},
	"POST /offline/api/visits/batch":       {create: `{"items":[{"key":"{new.key}","visit":{"beneficiary_id":{file},"on":"2021-08-09","kind":"home","findings":"离线登记"}}]}`, creator: webtest.YcWorker, batch: true},
	"POST /offline/api/cases/{id}/fields":  {rec: "file", live: "-", body: `{"base":{"address":""},"set":{"address":"矩阵测试地址"}}`},
	"GET /worklist/history":                {},
	"GET /api/v1/escalations":              {},
	"GET /beneficiaries.xlsx":              {},
	"GET /beneficiaries.csv":               {},
	"POST /beneficiaries.xlsx":             {},
	"POST /beneficiaries.csv":              {},
	"GET /worklist.xlsx":                   {},
	"POST /worklist.xlsx":                  {},
	"POST /worklist.csv":                   {},
	"POST /beneficiaries/{id}/attachments": {rec: "file"},
	"GET /attachments/{id}":                {rec: "attachment"},
	"GET /attachments/{id}/thumb":          {rec: "attachment"},
	"GET /beneficiaries":                   {},
	"GET /beneficiaries/new":               {nofilter: true},
	"POST /beneficiaries": {create: "region={village}&household=new&name=矩阵新人&gender=男&birth=1980-01-01&level=2&groups=elderly&id_number={new.id}",
		more: []string{"region={own.village}&household=new&worker_id={person}&name=矩阵新人&gender=男&birth=1980-01-01&level=2&groups=elderly&id_number={new.id}", "region={own.village}&household={household}&name=矩阵新人&gender=男&birth=1980-01-01&level=2&groups=elderly&id_number={new.id}"}},
	"GET /beneficiaries/{id}":      {rec: "file"},
	"GET /beneficiaries/{id}/edit": {rec: "file", nofilter: true},
	"POST /beneficiaries/{id}": {rec: "file", create: "region={village}&household=new&name=矩阵改名&gender=男&birth=1996-05-12&level=1&groups=disabled&groups=civil_affairs&disability=肢体二级",
		more: []string{"region={own.village}&household=&worker_id={person}&name=矩阵改名&gender=男&birth=1996-05-12&level=1&groups=disabled&groups=civil_affairs&disability=肢体二级"}},
	"POST /beneficiaries/{id}/reveal":                 {rec: "file"},
	"POST /beneficiaries/{id}/level":                  {rec: "file"},
	"POST /beneficiaries/{id}/level/{change}/confirm": {rec: "file"},
	"POST /beneficiaries/{id}/close":                  {rec: "file"},
	"POST /beneficiaries/{id}/reopen":                 {rec: "file"},
	"POST /beneficiaries/{id}/assessments":            {rec: "file"},
	"GET /beneficiaries/{id}/visits/new":              {rec: "file"},
	"POST /beneficiaries/{id}/visits":                 {rec: "file"},
	"GET /beneficiaries/{id}/applications/new":        {rec: "file"},
	"POST /beneficiaries/{id}/applications":           {rec: "file"},
	"GET /beneficiaries/{id}/applications/{app}":      {rec: "file"},
	"POST /beneficiaries/{id}/applications/{app}":     {rec: "file"},
	"GET /reports/outcomes":                           {home: true},
	"GET /access-log":                                 {nofilter: true},
	"GET /api/v1/beneficiaries":                       {},
	"POST /api/v1/beneficiaries": {create: `{"region":"{village}","new_household_head":"矩阵新人","name":"矩阵新人","gender":"男","birth":"1980-01-01","level":2,"groups":["elderly"],"id_number":"{new.id}"}`,
		more: []string{`{"region":"{own.village}","new_household_head":"矩阵新人","worker_id":{person},"name":"矩阵新人","gender":"男","birth":"1980-01-01","level":2,"groups":["elderly"],"id_number":"{new.id}"}`, `{"region":"{own.village}","household_id":{household},"name":"矩阵新人","gender":"男","birth":"1980-01-01","level":2,"groups":["elderly"],"id_number":"{new.id}"}`}},
	"GET /api/v1/beneficiaries/{id}":          {rec: "file"},
	"PATCH /api/v1/beneficiaries/{id}":        {rec: "file", create: `{"region":"{village}","household_id":0,"new_household_head":"矩阵改名"}`, more: []string{`{"worker_id":{person}}`, `{"household_id":{household}}`}},
	"POST /api/v1/beneficiaries/{id}/level":   {rec: "file"},
	"GET /api/v1/households/{id}":             {rec: "household"},
	"GET /api/v1/visits":                      {},
	"POST /api/v1/visits":                     {create: `{"beneficiary_id":{file},"on":"2021-08-09","kind":"home","findings":"矩阵探访"}`},
	"GET /api/v1/applications":                {},
	"POST /api/v1/applications":               {create: `{"beneficiary_id":{file},"kind":"temporary","status":"preparing","prepared_on":"2021-08-01","amount":100}`},
	"PATCH /api/v1/applications/{id}":         {rec: "application"},
	"GET /api/v1/worklist":                    {},
	"GET /api/v1/reports/outcomes":            {home: true},
	"GET /eligible":                           {},
	"GET /eligible.xlsx":                      {},
	"GET /settings/eligibility":               {},
	"POST /settings/eligibility":              {},
	"GET /api/v1/eligible":                    {},
	"GET /beneficiaries/import":               {},
	"GET /beneficiaries/import/template.xlsx": {},
	"POST /beneficiaries/import":              {},
	"GET /beneficiaries/import/mapping":       {},
	"POST /beneficiaries/import/preview":      {},
	"GET /beneficiaries/import/preview":       {},
	"POST /beneficiaries/import/apply":        {},
	"GET /beneficiaries/import/progress":      {},
	"GET /beneficiaries/import/status":        {},
	"GET /beneficiaries/import/errors.csv":    {},
	"POST /api/v1/beneficiaries/import": {query: "?mode=all", create: "姓名,身份证号,村名\n矩阵导入,{new.id},{villagename}\n",
		more: []string{"姓名,身份证号,村名\n矩阵导入,{idnumber},{own.villagename}\n"}, logs: true},
	"GET /beneficiaries/incomplete":                 {nofilter: true}, // the scope's whole list: it takes no ?region=
	"GET /campaigns":                                {},
	"GET /campaigns/new":                            {},
	"POST /campaigns":                               {create: "title=矩阵招聘&year=2022&region={county}&kind=worker"},
	"GET /campaigns/{id}":                           {rec: "campaign,campaign-all"},
	"GET /campaigns/{id}/edit":                      {rec: "campaign,campaign-all"},
	"POST /campaigns/{id}":                          {rec: "campaign,campaign-all"},
	"POST /campaigns/{id}/posts":                    {rec: "campaign,campaign-all", create: "code=M1&title=矩阵岗位&region={region}&places=1", more: []string{"code=M2&title=矩阵岗位&region={own.region}&station_id={station}&places=1"}},
	"POST /campaigns/{id}/tasks":                    {rec: "campaign,campaign-all"},
	"GET /campaigns/{id}/applicants":                {rec: "campaign,campaign-all"},
	"GET /campaigns/{id}/applicants/new":            {rec: "campaign,campaign-all"},
	"POST /campaigns/{id}/applicants":               {rec: "campaign,campaign-all", ownPart: true},
	"GET /campaigns/{id}/applicants/{aid}":          {rec: "campaign,campaign-city"},
	"POST /campaigns/{id}/applicants/{aid}/review":  {rec: "campaign,campaign-city"},
	"POST /campaigns/{id}/applicants/{aid}/scores":  {rec: "campaign,campaign-city"},
	"POST /campaigns/{id}/applicants/{aid}/medical": {rec: "campaign,campaign-city"},
	"POST /campaigns/{id}/applicants/{aid}/reveal":  {rec: "campaign,campaign-city"},
	"GET /campaigns/{id}/scores/import":             {rec: "campaign,campaign-all"},
	"GET /campaigns/{id}/scores/template.xlsx":      {rec: "campaign,campaign-all"},
	"POST /campaigns/{id}/scores/import":            {rec: "campaign,campaign-all", ownPart: true},
	"POST /campaigns/{id}/scores/import/{token}":    {rec: "campaign,campaign-all", ownPart: true, live: "-"},
	"GET /campaigns/{id}/ranking":                   {rec: "campaign,campaign-all"},
	"GET /campaigns/{id}/stats":                     {rec: "campaign,campaign-all"},
	"GET /campaigns/{id}/stats.xlsx":                {rec: "campaign,campaign-all"},
	"GET /campaigns/{id}/notice.docx":               {rec: "campaign,campaign-all"},
	"GET /campaigns/{id}/notice.xlsx":               {rec: "campaign,campaign-all"},
	"GET /campaigns/{id}/sign":                      {rec: "campaign,campaign-all"},
	"POST /campaigns/{id}/sign":                     {rec: "campaign,campaign-all", ownPart: true},
	"GET /supervisors":                              {},
	"POST /supervisors/{id}/stations": {rec: "supervisor", body: "station_id={station}&from=2021-08-01", create: "station_id={station}&from=2021-08-02", ownRec: "supervisor2",
		sibling: []string{"station_id={station}&from=2021-08-02"}},
	"POST /supervisors/{id}/stations/{cid}/end":       {rec: "supervisor"},
	"POST /supervisors/chiefs":                        {create: "person_id={supervisor}&region={county}&from=2021-07-06&title=总督导", more: []string{"person_id={supervisor}&region={own.county}&from=2021-07-07&title=总督导", "person_id={own.supervisor}&region={county}&from=2021-07-08&title=总督导"}},
	"POST /supervisors/chiefs/{id}/end":               {rec: "chief"},
	"GET /records":                                    {},
	"GET /records/{id}":                               {rec: "record"},
	"POST /records/{id}/qualifications":               {rec: "record"},
	"POST /records/{id}/contracts/{cid}/end":          {rec: "record", live: "-"},
	"GET /api/v1/campaigns":                           {},
	"POST /api/v1/campaigns":                          {create: `{"title":"矩阵招聘","year":"2022","region":"{county}","kind":"worker"}`},
	"GET /api/v1/campaigns/{id}":                      {rec: "campaign,campaign-all"},
	"PATCH /api/v1/campaigns/{id}":                    {rec: "campaign,campaign-all"},
	"POST /api/v1/campaigns/{id}/posts":               {rec: "campaign,campaign-all", create: `{"code":"M3","title":"矩阵岗位","region":"{region}","places":1}`, more: []string{`{"code":"M4","title":"矩阵岗位","region":"{own.region}","station_id":{station},"places":1}`}},
	"GET /api/v1/campaigns/{id}/applications":         {rec: "campaign,campaign-all"},
	"POST /api/v1/campaigns/{id}/applications":        {rec: "campaign,campaign-all", ownPart: true},
	"GET /api/v1/campaigns/{id}/applications/{aid}":   {rec: "campaign,campaign-city"},
	"PATCH /api/v1/campaigns/{id}/applications/{aid}": {rec: "campaign,campaign-city"},
	"POST /api/v1/campaigns/{id}/scores":              {rec: "campaign,campaign-all", ownPart: true},
	"GET /api/v1/campaigns/{id}/ranking":              {rec: "campaign,campaign-all"},
	"GET /api/v1/campaigns/{id}/stats":                {rec: "campaign,campaign-all"},
	"GET /api/v1/campaigns/{id}/stats.xlsx":           {rec: "campaign,campaign-all"},
	"GET /api/v1/campaigns/{id}/notice.docx":          {rec: "campaign,campaign-all"},
	"GET /api/v1/campaigns/{id}/notice.xlsx":          {rec: "campaign,campaign-all"},
	"POST /api/v1/campaigns/{id}/signings":            {rec: "campaign,campaign-all", ownPart: true},
	"GET /api/v1/staff":                               {},
	"GET /api/v1/staff/{id}":                          {rec: "person"},
	"GET /api/v1/supervisors":                         {},
	"POST /api/v1/supervisors/chiefs":                 {create: `{"person_id":{supervisor},"region":"{county}","from":"2021-07-03","title":"总督导"}`, more: []string{`{"person_id":{supervisor},"region":"{own.county}","from":"2021-07-04","title":"总督导"}`, `{"person_id":{own.supervisor},"region":"{county}","from":"2021-07-05","title":"总督导"}`}},
	"PATCH /api/v1/supervisors/chiefs/{id}":           {rec: "chief", body: `{"to":"2021-12-31"}`},
	"GET /plans":                                      {},
	"GET /plans.xlsx":                                 {},
	"GET /plans/new":                                  {},
	"POST /plans":                                     {create: "station_id={station}&year=2018&goal.0.problem=矩阵问题&goal.0.goal=矩阵目标&target.0.measure=visits&target.0.label=探访&target.0.target=5&target.0.goal=1"},
	"GET /plans/{id}":                                 {rec: "plan"},
	"GET /plans/{id}/edit":                            {rec: "plan"},
	"POST /plans/{id}":                                {rec: "plan"},
	"GET /plans/{id}/plan.docx":                       {rec: "plan"},
	"GET /plan-templates":                             {},
	"GET /plan-templates/new":                         {},
	"POST /plan-templates":                            {up: []string{"region={up}&name=矩阵模板&line.0.measure=cases&line.0.label=个案&line.0.least=2"}},
	"GET /plan-templates/{id}/edit":                   {rec: "template"},
	"POST /plan-templates/{id}":                       {rec: "template", body: "region=4453&name=53111&line.0.measure=cases&line.0.label=个案&line.0.least=2"},
	"GET /api/v1/plans":                               {},
	"POST /api/v1/plans":                              {create: `{"station_id":{station},"year":2019,"goals":[{"problem":"矩阵问题","goal":"矩阵目标"}],"targets":[{"measure":"visits","label":"探访","target":5}]}`},
	"GET /api/v1/plans/{id}":                          {rec: "plan"},
	"PUT /api/v1/plans/{id}":                          {rec: "plan"},
	"GET /api/v1/plans/{id}/plan.docx":                {rec: "plan"},
	"GET /api/v1/plan-templates":                      {},
	"POST /api/v1/plan-templates":                     {up: []string{`{"region":"{up}","name":"矩阵模板","lines":[{"measure":"cases","label":"个案","least":2}]}`}},
	"PUT /api/v1/plan-templates/{id}":                 {rec: "template", body: `{"region":"4453","name":"53111","lines":[{"measure":"cases","label":"个案","least":2}]}`},
	"GET /supervision":                                {},
	"GET /supervision.xlsx":                           {},
	"GET /supervision/new":                            {nofilter: true},
	"POST /supervision": {create: "station_id={station}&supervisor_id={supervisor}&visited_on=2021-08-01&forms=field&topics=议题&advice=建议",
		more:    []string{"station_id={own.station}&supervisor_id={supervisor}&visited_on=2021-08-01&forms=field&topics=议题&advice=建议", "station_id={own.station}&point_id={point}&supervisor_id={own.supervisor}&visited_on=2021-08-01&forms=field&topics=议题&advice=建议"},
		sibling: []string{"station_id={own.station}&point_id={point}&supervisor_id={own.supervisor}&visited_on=2021-08-01&forms=field&topics=议题&advice=建议", "station_id={own.station}&supervisor_id={supervisor}&visited_on=2021-08-01&forms=field&topics=议题&advice=建议"}},
	"GET /supervision/{id}":             {rec: "supervision"},
	"GET /supervision/{id}/report.docx": {rec: "supervision"},
	"POST /supervision/{id}/items":      {rec: "supervision"},
	"GET /action-items":                 {},
	"GET /action-items.xlsx":            {},
	"GET /action-items/{id}":            {rec: "action-item"},
	"POST /action-items/{id}/done":      {rec: "action-item"},
	"GET /api/v1/supervision-visits":    {},
	"POST /api/v1/supervision-visits": {body: `{"station_id":{station},"supervisor_id":{supervisor},"visited_on":"2021-08-01","forms":["field"],"topics":"议题","advice":"建议"}`,
		create:  `{"station_id":{station},"supervisor_id":{supervisor},"visited_on":"2021-08-01","forms":["field"],"topics":"议题","advice":"建议"}`,
		more:    []string{`{"station_id":{own.station},"supervisor_id":{supervisor},"visited_on":"2021-08-01","forms":["field"],"topics":"议题","advice":"建议"}`},
		sibling: []string{`{"station_id":{own.station},"supervisor_id":{supervisor},"visited_on":"2021-08-01","forms":["field"],"topics":"议题","advice":"建议"}`}},
	"GET /api/v1/supervision-visits/{id}": {rec: "supervision"},
	"GET /api/v1/action-items":            {},
	"POST /api/v1/action-items/{id}/done": {rec: "action-item"},
	"GET /evaluations":                    {},
	"GET /evaluations/new":                {},
	"POST /evaluations": {create: "title=矩阵评估&evaluators=评估组&held_on=2021-08-01&region={county}&set_id={set}&methods=走访&station_id={station}",
		more:   []string{"title=矩阵评估&evaluators=评估组&held_on=2021-08-01&region={own.county}&set_id={set}&methods=走访&station_id={station}"},
		cousin: []string{"region={own.county}&title=矩阵评估&evaluators=评估组&held_on=2021-08-01&set_id={set}&methods=走访&station_id={station}"}, up: []string{"region={up}&title=矩阵评估&evaluators=评估组&held_on=2021-08-01&set_id={set}&methods=走访&station_id={station}"}},
	"GET /evaluations/{id}":                       {rec: "round"},
	"GET /evaluations/{id}/report.docx":           {rec: "round"},
	"GET /evaluations/{id}/scores.xlsx":           {rec: "round"},
	"GET /evaluations/{id}/stations/{sid}":        {rec: "round,round-station"},
	"POST /evaluations/{id}/stations/{sid}":       {rec: "round,round-station"},
	"POST /evaluations/{id}/stations/{sid}/items": {rec: "round,round-station"},
	"GET /indicator-sets":                         {},
	"POST /indicator-sets":                        {create: "region=4453&name=矩阵指标&ind1_name=服务成效&ind1_category=服务成效&ind1_weight=100&ind1_max=40", creator: webtest.CityAdmin, up: []string{"region={up}&name=矩阵指标&ind1_name=服务成效&ind1_category=服务成效&ind1_weight=100&ind1_max=40"}},
	"GET /api/v1/evaluations":                     {},
	"POST /api/v1/evaluations": {create: `{"title":"矩阵评估","evaluators":"评估组","held_on":"2021-08-01","region":"{county}","set_id":{set},"stations":[{station}]}`,
		cousin: []string{`{"title":"矩阵评估","evaluators":"评估组","held_on":"2021-08-01","region":"{own.county}","set_id":{set},"stations":[{station}]}`},
		up:     []string{`{"title":"矩阵评估","evaluators":"评估组","held_on":"2021-08-01","region":"{up}","set_id":{set},"stations":[{station}]}`}},
	"GET /api/v1/evaluations/{id}":                {rec: "round"},
	"PUT /api/v1/evaluations/{id}/stations/{sid}": {rec: "round,round-station"},
	"GET /api/v1/indicator-sets":                  {},
	"GET /news":                                   {nofilter: true},
	"GET /news/new":                               {},
	"POST /news":                                  {create: "region={region}&title=矩阵动态&date=2021-08-01&place=村委&body=矩阵测试动态正文。", creator: webtest.YcAdmin},
	"GET /news/{id}":                              {rec: "news"},
	"GET /news/{id}/edit":                         {rec: "news"},
	"POST /news/{id}":                             {rec: "news"}, // its region stays
	"POST /news/{id}/submit":                      {rec: "news"},
	"POST /news/{id}/review":                      {rec: "news"},
	"POST /news/{id}/photos":                      {rec: "news", upload: true},
	"GET /news/{id}/photos/{pid}":                 {rec: "news"},
	"GET /briefings":                              {nofilter: true},
	"POST /briefings":                             {},
	"GET /briefings/{id}":                         {rec: "briefing"},
	"POST /briefings/{id}":                        {rec: "briefing"},
	"POST /briefings/{id}/entries":                {rec: "briefing"},
	"POST /briefings/{id}/entries/{s}/{e}":        {rec: "briefing"},
	"POST /briefings/{id}/publish":                {rec: "briefing"},
	"POST /briefings/{id}/correct":                {rec: "briefing"},
	"GET /briefings/{id}/export":                  {rec: "briefing"},
	"GET /briefing-series/{id}":                   {rec: "series"},
	"POST /briefing-series/{id}":                  {rec: "series"},
	"GET /api/v1/news":                            {nofilter: true},
	"POST /api/v1/news":                           {create: `{"region":"{region}","title":"矩阵新建动态","date":"2021-08-01","place":"村委","body":"矩阵测试动态正文。"}`, creator: "yc.admin"},
	"GET /api/v1/news/{id}":                       {rec: "news"},
	"GET /api/v1/briefings":                       {nofilter: true},
	"POST /api/v1/briefings":                      {},
	"GET /api/v1/briefings/{id}":                  {rec: "briefing"},
	"PATCH /api/v1/briefings/{id}":                {rec: "briefing"},
	"POST /api/v1/briefings/{id}/publish":         {rec: "briefing"},
	"GET /api/v1/briefings/{id}/export":           {rec: "briefing"},
	"GET /activities":                             {},
	"GET /activities.xlsx":                        {},
	"GET /activities/new":                         {},
	"POST /activities": {create: "title=矩阵活动&kind=policy&held_on=2021-08-01&station_id={station}&region={region}&reached=10",
		more:    []string{"title=矩阵活动&kind=policy&held_on=2021-08-01&station_id={station}&region={own.region}&reached=10"},
		sibling: []string{"title=矩阵活动&kind=policy&held_on=2021-08-01&station_id={own.station}&region={region}&reached=10"}},
	"GET /activities/{id}":                            {rec: "activity"},
	"GET /activities/{id}/edit":                       {rec: "activity"},
	"POST /activities/{id}":                           {rec: "activity", create: "title=矩阵活动&kind=policy&held_on=2021-08-01&station_id={station}&region={region}&reached=10"},
	"POST /activities/{id}/photos":                    {rec: "activity"},
	"POST /activities/{id}/participants":              {rec: "activity", create: "beneficiary_id={file}"},
	"POST /activities/{id}/participants/{pid}/remove": {rec: "activity", last: true},
	"GET /activities/{id}/participants/{pid}/file":    {rec: "activity"},
	"POST /activities/{id}/participants/{pid}/file":   {rec: "activity", create: "region={village}&name=矩阵新人&gender=男&birth=1980-01-01&level=2&groups=elderly&id_number={new.id}"},
	"GET /activity-photos/{id}":                       {rec: "activity-photo"},
	"GET /activity-photos/{id}/thumb":                 {rec: "activity-photo"},
	"GET /api/v1/activities":                          {},
	"POST /api/v1/activities": {create: `{"station_id":{station},"region":"{region}","held_on":"2021-08-01","kind":"policy","title":"矩阵新建活动","reached":10}`,
		more:    []string{`{"station_id":{station},"region":"{own.region}","held_on":"2021-08-01","kind":"policy","title":"矩阵新建活动","reached":10}`},
		sibling: []string{`{"station_id":{own.station},"region":"{region}","held_on":"2021-08-01","kind":"policy","title":"矩阵新建活动","reached":10}`}},
	"GET /api/v1/activities.xlsx":                          {},
	"GET /api/v1/activities/counts":                        {},
	"GET /api/v1/activities/{id}":                          {rec: "activity"},
	"PATCH /api/v1/activities/{id}":                        {rec: "activity", create: `{"station_id":{station},"region":"{region}"}`},
	"POST /api/v1/activities/{id}/photos":                  {rec: "activity"},
	"POST /api/v1/activities/{id}/participants":            {rec: "activity", create: `{"beneficiary_id":{file2}}`},
	"POST /api/v1/activities/{id}/participants/{pid}/file": {rec: "activity2", create: `{"region":"{village}","name":"矩阵新人","gender":"男","birth":"1980-01-01","level":2,"groups":["elderly"],"id_number":"{new.id}"}`},
	"GET /map":                {},
	"GET /map/boundaries":     {nofilter: true},
	"POST /map/boundaries":    {},
	"GET /api/v1/map":         {},
	"POST /api/v1/boundaries": {query: "?level=town&crs=wgs84", create: `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"{region}"},"geometry":{"type":"Polygon","coordinates":[[[112.1,22.9],[112.2,22.9],[112.2,23.0],[112.1,22.9]]]}}]}`},
	"GET /help":               {self: true},
	"GET /search":             {},
	"GET /api/v1/search":      {},
	"/api/":                   {self: true},
	"/":                       {self: true},
}
