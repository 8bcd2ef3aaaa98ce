package shuangbai

// MapsPeople reports whether the user's map may show beneficiaries one by
// one: only a social worker or station lead, only inside her own station's
// town (her scope is the town or one of its villages), and only at the
// coordinates the station recorded. Everyone above sees counts per
// village, never a person's position: a dot on a map beside a village's
// name says who lives where as plainly as an address.
func (u *User) MapsPeople() bool {
	return u.CanReadCases() && (u.Role == RoleWorker || u.Role == RoleStationLead) && LevelOf(u.Region) >= LevelTown
}

// MapFilter selects the beneficiaries a map counts or shows. Zero fields
// do not filter; only open files are ever counted.
type MapFilter struct {
	Group   Group
	Level   Level4 // follow-up level 1–4
	Overdue bool   // next visit due before today
}

// CodeLen returns the length of a code at level l, 0 for LevelUnknown.
func (l Level) CodeLen() int {
	if l < LevelProvince || l > LevelVillage {
		return 0
	}
	return levelLen[l]
}
