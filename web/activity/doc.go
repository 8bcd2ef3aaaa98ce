// Package activity serves community activities (社区活动): what a station
// held, where and when, whom it reached, with its photos and the people
// named as taking part — linked to their files, or filed from the
// activity, which then records where the person was first identified.
// Pages, the JSON API and the Excel list, scoped like everything else: a
// region filter narrows the user's scope and never widens it. Everyone who
// reads case work reads activities; those who edit case work record them;
// the three administrators (三员) see none of it, since the participants
// are named people and the photos show them.
package activity
