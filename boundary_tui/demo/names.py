"""Name, street and postcode parts for demo practices: UK-looking, deliberately varied.

Apostrophes (O'Brien), hyphens (Smith-Jones), accents (Zoë, Siobhán) and
spaces inside names (Ní Bhriain) are here on purpose: the desk must find them all.
"""

GIVEN_NAMES = (
    "Oliver", "George", "Harry", "Jack", "Jacob", "Noah", "Charlie", "Muhammad", "Thomas", "Oscar",
    "William", "James", "Leo", "Alfie", "Henry", "Joshua", "Freddie", "Archie", "Ethan", "Isaac",
    "Olivia", "Amelia", "Isla", "Ava", "Emily", "Isabella", "Mia", "Poppy", "Ella", "Lily",
    "Sophie", "Grace", "Chloë", "Zoë", "Renée", "Siobhán", "Aoife", "Niamh", "Saoirse", "Róisín",
    "Seán", "Oisín", "Ciarán", "Pádraig", "Eilidh", "Mhairi", "Dafydd", "Rhiannon", "Gwenllian", "Iolo",
    "Priya", "Aisha", "Fatima", "Zainab", "Amir", "Hassan", "Oluwaseun", "Chidi", "Adaeze", "Kwame",
    "Wojciech", "Agnieszka", "Małgorzata", "Łukasz", "José", "María", "Anaïs", "Björn", "Søren", "Jo",
    "Jean-Paul", "Mary-Kate", "Anne-Marie", "D'Arcy", "Jo-Anne", "Margaret", "Doris", "Brian", "Keith", "Sandra",
)

FAMILY_NAMES = (
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson",
    "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall",
    "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill",
    "O'Brien", "O'Connor", "O'Neill", "O'Sullivan", "D'Souza", "McDonald", "MacLeod", "McAllister", "Ní Bhriain", "Ó Súilleabháin",
    "Smith-Jones", "Taylor-Wood", "Lloyd-Webber", "Bowes-Lyon", "Hughes-Davies", "Murphy-Jones", "Ap Rhys", "Brontë", "Müller", "Ångström",
    "Khan", "Ahmed", "Ali", "Hussain", "Begum", "Singh", "Kaur", "Shah", "Mistry", "Chowdhury",
    "Okafor", "Adeyemi", "Mensah", "Nowak", "Kowalski", "Wiśniewski", "García", "Fernández", "Nguyen", "Chen",
)

STREETS = (
    "Church Lane", "Station Road", "High Street", "Victoria Road", "Mill Lane", "Park Avenue", "Queen's Road",
    "St John's Close", "Bridge Street", "Orchard Way", "King's Drive", "Meadow View", "Chapel Row", "Riverside Walk",
)

TOWN = "Leeds"

OUTWARD_CODES = ("LS1", "LS2", "LS3", "LS4", "LS5", "LS6", "LS7", "LS8", "LS11", "LS12", "LS16", "LS17", "LS28")

INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
"""Letters used at the end of a postcode (no C, I, K, M, O, V)."""
