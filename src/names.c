/*
 * names.c — the built-in name lists of first_name, last_name and full_name
 * (anon_gen.c).
 *
 * Given names and family names from many languages and cultures, written
 * in ASCII (diacritics dropped) so that every one is valid, and one byte
 * per character, in every server encoding.  Each list is sorted by length,
 * then alphabetically: the names that fit a varchar(n) column are then a
 * prefix of the list, so fitting needs no per-column table (the unit test
 * checks the order).  Appending or removing a name changes which fake name
 * every input gets: do it only with a new key version.
 */
#include "pgscrub/anon_impl.h"
#include <stddef.h>

/* Declared where they are used (anon_gen.c, test_anon_gen.c): there is no
 * header of their own for two arrays. */

const char *const pgs_names_first[] = {
	"Bo", "Ali", "Ana", "Bao", "Ben", "Duc", "Ewa", "Hao", "Jia", "Jin",
	"Kai", "Lea", "Lin", "Mei", "Mia", "Min", "Nia", "Ola", "Pia", "Wei",
	"Xin", "Zoe", "Aiko", "Amir", "Ange", "Anil", "Anna", "Anya", "Aziz",
	"Chen", "Dara", "Elif", "Emil", "Emma", "Erik", "Esra", "Hana",
	"Ines", "Ivan", "Jana", "Joao", "Jose", "Juan", "Kofi", "Lars",
	"Liam", "Lina", "Linh", "Luca", "Luis", "Maja", "Ming", "Nina",
	"Noah", "Noor", "Nour", "Olga", "Omar", "Ploy", "Ravi", "Rosa",
	"Ruth", "Sade", "Sara", "Sean", "Sora", "Sven", "Tane", "Tuan",
	"Umar", "Yara", "Yuki", "Zara", "Abdul", "Abena", "Aditi", "Ahmed",
	"Aisha", "Akira", "Alice", "Amara", "Amina", "Ansel", "Arjun",
	"Ayaan", "Bella", "Bjorn", "Chidi", "Chloe", "Clara", "David",
	"Deepa", "Diego", "Dorji", "Elena", "Eliza", "Emeka", "Fiona",
	"Freya", "Grace", "Hamza", "Helga", "Ioana", "Jamal", "Jonas",
	"Jorge", "Julia", "Kamal", "Karin", "Kavya", "Kemal", "Kenji",
	"Kwame", "Layla", "Leila", "Lucia", "Malik", "Marco", "Maria",
	"Mateo", "Mihai", "Moana", "Nadia", "Ngozi", "Niamh", "Oscar",
	"Pablo", "Paolo", "Pedro", "Petra", "Piotr", "Priya", "Rahul",
	"Rania", "Samir", "Shira", "Sofia", "Tariq", "Thabo", "Tomas",
	"Tunde", "Yusuf", "Zhang", "Adrian", "Alexei", "Anders", "Andrea",
	"Andrei", "Annika", "Astrid", "Ayesha", "Bogdan", "Carlos", "Carmen",
	"Daniel", "Dmitri", "Fatima", "Felipe", "Giulia", "Hannah", "Haruto",
	"Hassan", "Ingrid", "Isabel", "Javier", "Joseph", "Kalani", "Mariam",
	"Mehmet", "Naveen", "Oliver", "Rafael", "Sakura", "Sanjay", "Sergei",
	"Tenzin", "Vikram", "Yasmin", "Zainab", "Zeynep", "Zoltan", "Aaliyah",
	"Abigail", "Adebayo", "Anahera", "Antoine", "Beatriz", "Chinedu",
	"Gabriel", "Hiroshi", "Ibrahim", "Leilani", "Mikhail", "Nikolai",
	"Olumide", "Siobhan", "Somchai", "Wanjiru", "Catalina", "Kateryna",
	"Mohammed", "Agnieszka", "Alejandro", "Aleksandr", "Valentina",
};
const size_t pgs_names_first_count =
	sizeof(pgs_names_first) / sizeof(pgs_names_first[0]);

const char *const pgs_names_last[] = {
	"Do", "Le", "Li", "Vo", "Wu", "Xu", "Abe", "Das", "Ito", "Kim", "Lee",
	"Lin", "Liu", "Obi", "Tan", "Chen", "Cruz", "Dang", "Diaz", "Kang",
	"Kato", "Kaya", "Khan", "Lund", "Nagy", "Osei", "Park", "Pham",
	"Sato", "Tran", "Vega", "Wang", "Wong", "Yang", "Zhao", "Zhou",
	"Ahmed", "Aydin", "Banda", "Bauer", "Brown", "Celik", "Cohen",
	"Costa", "Demir", "Gupta", "Hoang", "Horak", "Huang", "Jones",
	"Keita", "Kelly", "Kumar", "Lopez", "Mbeki", "Meyer", "Nkosi",
	"Novak", "Nowak", "Nunez", "Olsen", "Ortiz", "Patel", "Perez",
	"Popov", "Reddy", "Reyes", "Rossi", "Russo", "Sahin", "Saito",
	"Salem", "Silva", "Singh", "Smith", "Tahir", "Toure", "Weber",
	"Young", "Zhang", "Achebe", "Asante", "Bakker", "Becker", "Davies",
	"Diallo", "Dubois", "Dvorak", "Farouk", "Garcia", "Haddad", "Hakimi",
	"Hansen", "Hughes", "Ivanov", "Jansen", "Jensen", "Kahale", "Kamara",
	"Kapoor", "Karimi", "Kovacs", "Kozlov", "Larsen", "Martin", "Melnyk",
	"Mensah", "Moreau", "Muller", "Murphy", "Mwangi", "Nasser", "Ndlovu",
	"Nguyen", "Okafor", "Ozturk", "Petrov", "Quispe", "Rahman", "Santos",
	"Sharma", "Suzuki", "Tanaka", "Taylor", "Thomas", "Traore", "Vargas",
	"Wagner", "Walker", "Wilson", "Yildiz", "Yilmaz", "Adeleke",
	"Adeyemi", "Afolabi", "Agarwal", "Alvarez", "Bianchi", "Boateng",
	"Dlamini", "Fischer", "Hashemi", "Horvath", "Ibrahim", "Ivanova",
	"Johnson", "Kariuki", "Laurent", "Lehmann", "Mansour", "Mendoza",
	"Morales", "Nielsen", "Novotny", "Okonkwo", "Popescu", "Ramirez",
	"Richter", "Salazar", "Sanchez", "Schmidt", "Shapiro", "Sokolov",
	"Vasquez", "Andersen", "Anderson", "Castillo", "Dimitrov", "Eriksson",
	"Fontaine", "Georgiou", "Gonzalez", "Hosseini", "Kowalski",
	"Mahlangu", "Martinez", "Nakamura", "Odhiambo", "Svensson",
	"Virtanen", "Watanabe", "Williams", "Yamamoto", "Andersson",
	"Fernandes", "Hernandez", "Jablonski", "Johansson", "Kovalenko",
	"Kuznetsov", "Mohammadi", "Schneider", "Takahashi", "Acheampong",
	"Bondarenko", "Shevchenko", "Tshabalala", "Wisniewski", "Zimmermann",
	"Papadopoulos",
};
const size_t pgs_names_last_count =
	sizeof(pgs_names_last) / sizeof(pgs_names_last[0]);
