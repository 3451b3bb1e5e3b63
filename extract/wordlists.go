package extract

import (
	_ "embed"
	"strings"
)

// The closed word classes below (titles, particles, function words,
// speech verbs, organisation words) are grammar, not data: short lists
// kept by hand here because no maintained Go package ships them. The place
// gazetteer is generated (see gen.go), the alias table is a data file.

//go:embed places.txt
var placesTxt string

//go:embed aliases.txt
var defaultAliasesTxt string

// titleWords start a title that precedes a person's name and is not part of
// it ("Lt. Gen.", "Prime Minister", "Secretary of State"). Matched on the
// folded token without its final period.
var titleWords = set(`mr mrs ms miss mx dr prof professor sir dame lord lady
	gen general lt lieutenant col colonel maj major capt captain sgt sergeant adm admiral cmdr commander cpl corporal pvt
	president vice prime minister chancellor secretary sen senator rep representative gov governor
	mayor judge justice republican democrat chief executive chairman chairwoman chair director ambassador king queen prince princess
	pope cardinal bishop archbishop rabbi imam sheikh father rev reverend pastor emir sultan ayatollah
	coach manager inspector superintendent commissioner detective officer spokesman spokeswoman
	foreign interior defense defence finance health trade economy economic education justice deputy acting former
	attorney state st saint chief supt insp det`)

// titleOnly are title words that can never be a name by themselves, even
// when they are all a capitalised run holds ("President said").
var personTitles = set(`mr mrs ms miss mx dr prof sir dame lt gen col maj capt sgt adm cmdr cpl pvt sen rep gov
	president senator governor mayor judge ambassador chancellor pope rev reverend sheikh imam rabbi ayatollah
	detective inspector professor general colonel lieutenant captain sergeant admiral minister secretary king queen prince princess republican democrat`)

// particles join the parts of a name in lower case ("Gilles de Kerchove",
// "Ludwig van Beethoven", "Osama bin Laden").
var particles = set(`de del della der den di da das dos du van von la le bin bint ibn al el ter ten zu y`)

// connectors join the words of an organisation or place name ("Bank of
// England", "Center for the Study of Radicalization", "Health and Human
// Services"); they are kept only when an organisation word follows.
var connectors = set(`of for the on and & in at`)

// nameSuffixes belong to the name before them.
var nameSuffixes = set(`jr sr ii iii iv`)

// orgWords mark an organisation when they are a word of a name.
var orgWords = set(`inc corp corporation co ltd llc plc ag gmbh sa nv company companies group holdings bank bancorp
	university college school institute institution center centre council committee commission agency authority
	ministry department office bureau board service services party union association federation league foundation
	fund trust society organization organisation club court parliament congress senate assembly government
	army navy force forces police guard command staff chiefs church times post journal news press tribune herald
	telegraph guardian reuters network networks airlines airways motors capital partners management securities
	exchange reserve treasury pentagon europol interpol hospital museum academy laboratory labs systems technologies
	energy petroleum oil panel electronics images sports asset assets financial industries pharmaceuticals insurance robotics semiconductor communications media brigade brigades front movement coalition alliance state`)

// orgFirstWords start an organisation name ("Bank of", "University of").
var orgFirstWords = set(`bank university college institute ministry department office bureau council committee
	commission federation league museum`)

// sayVerbs introduce or follow a quotation.
var sayVerbs = set(`said says say told tells added adds asked asks wrote writes argued argues explained explains
	warned warns noted notes insisted insists stated states declared declares recalled recalls continued continues
	acknowledged acknowledges conceded concedes replied replies remarked remarks concluded concludes suggested
	suggests admitted admits complained complains predicted predicts cautioned cautions announced announces
	claimed claims testified testifies tweeted tweets posted posts observed observes urged urges`)

// functionWords are capitalised only at the start of a sentence or in
// headline case; they never start a name.
var functionWords = set(`a an the this that these those there here it its he she they we i you his her their our my your
	him them us me who whom whose which what when where why how whether if unless because since as although though
	while after before until once so but and or nor yet for of in on at by to from with without within into onto upon
	about above across against along among around behind below beneath beside besides between beyond despite during
	except inside near off out outside over past through throughout toward towards under underneath unlike via
	not no yes all any both each either every few many more most much neither none other others some such several
	one two three four five six seven eight nine ten first second third last next another
	also even just only still then thus too very already always never often sometimes now today yesterday tomorrow
	however meanwhile instead nevertheless nonetheless moreover furthermore indeed perhaps maybe
	is are was were be been being am do does did has have had will would shall should can could may might must
	get got make made let like said says says according asked told
	mr mrs ms dr
	western eastern northern southern central western-backed
	photographs photograph photo photos file video audio graphic map chart editor note correction update breaking analysis opinion comment
	old big small good bad great high low top full half tv
	monday tuesday wednesday thursday friday saturday sunday
	january february march april may june july august september october november december
	feb apr aug sept oct nov dec democrat democrats republican republicans`)

// months and days are capitalised but are not names.
var calendarWords = set(`monday tuesday wednesday thursday friday saturday sunday january february march april
	june july august september october november december`)

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// roleWords start the apposition that describes a person ("X, director
// of ...", "X, chief of ...").
var roleWords = set(`director chief head president chairman chairwoman founder professor spokesman spokeswoman
	minister secretary senator governor mayor analyst economist strategist manager researcher lawyer attorney
	officer commander leader member author editor resident farmer owner executive ceo adviser advisor expert
	fellow lecturer scientist doctor nurse teacher student mother father son daughter wife husband former deputy`)

// placeWords end the name of a place ("Pollock Street", "Persian Gulf",
// "Etihad Stadium", "Antarctic Peninsula").
var placeWords = set(`street avenue road boulevard square bridge stadium airport station river lake sea ocean gulf bay
	strait channel mountain mountains mount island islands peninsula valley desert county province district
	region canyon coast beach harbour harbor port`)
