//! The demo directory: approved doctors with varied, realistic profiles across several cities and areas.

/// One seeded doctor profile.
pub struct SeedDoctor {
    pub first: &'static str,
    pub last: &'static str,
    pub gender: &'static str,
    pub specialty: &'static str,
    pub city: &'static str,
    pub area: &'static str,
    pub years: i32,
    /// Fee in whole units of `currency`.
    pub fee: i32,
    /// ISO 4217 code, lowercase ("usd", "bdt").
    pub currency: &'static str,
    pub languages: &'static [&'static str],
    pub video: bool,
    pub featured: bool,
    /// The rating the demo aims at: (average, listed count); `reviews::seed` writes a quarter of that many
    /// real reviews averaging about this. Count 0: no reviews yet.
    pub rating: (f64, i32),
    /// Where they trained; woven into the bio.
    pub trained: &'static str,
    pub focus: &'static str,
}

macro_rules! doc {
    ($first:literal $last:literal, $g:literal, $spec:literal, $city:literal / $area:literal, $years:literal y,
     $fee:literal $cur:ident, [$($lang:literal),*], video $video:literal, featured $feat:literal,
     rated $avg:literal / $cnt:literal, $trained:literal, $focus:literal) => {
        SeedDoctor {
            first: $first, last: $last, gender: $g, specialty: $spec, city: $city, area: $area,
            years: $years, fee: $fee, currency: stringify!($cur), languages: &[$($lang),*], video: $video, featured: $feat,
            rating: ($avg, $cnt), trained: $trained, focus: $focus,
        }
    };
}

pub const DOCTORS: &[SeedDoctor] = &[
    doc!("Amara" "Okafor", "female", "cardiology", "New York" / "Upper East Side", 17 y, 250 usd, ["English", "Igbo"], video true, featured true, rated 4.9 / 212, "Columbia University", "preventive cardiology and women's heart health"),
    doc!("José" "Álvarez", "male", "general-practice", "New York" / "Washington Heights", 11 y, 120 usd, ["English", "Spanish"], video true, featured true, rated 4.8 / 341, "Universidad de Salamanca", "chronic disease management and family care"),
    doc!("Mei" "Chen", "female", "dermatology", "New York" / "Chelsea", 9 y, 220 usd, ["English", "Mandarin"], video true, featured true, rated 4.9 / 187, "NYU Grossman School of Medicine", "acne, eczema and skin-cancer screening"),
    doc!("Daniel" "Kowalski", "male", "orthopedics", "New York" / "Brooklyn Heights", 21 y, 300 usd, ["English", "Polish"], video false, featured false, rated 4.7 / 156, "Jagiellonian University", "knee and shoulder sports injuries"),
    doc!("Priya" "Raman", "female", "pediatrics", "New York" / "Park Slope", 13 y, 160 usd, ["English", "Tamil", "Hindi"], video true, featured true, rated 5.0 / 98, "Johns Hopkins University", "newborn care and childhood asthma"),
    doc!("Samuel" "Goldberg", "male", "psychiatry", "New York" / "Upper West Side", 25 y, 280 usd, ["English", "Hebrew"], video true, featured false, rated 4.6 / 77, "Mount Sinai", "mood disorders and adult ADHD"),
    doc!("Fatima" "Haddad", "female", "obstetrics-gynecology", "New York" / "Astoria", 15 y, 210 usd, ["English", "Arabic", "French"], video true, featured false, rated 4.8 / 264, "American University of Beirut", "high-risk pregnancy and menopause care"),
    doc!("Kwame" "Mensah", "male", "neurology", "New York" / "Harlem", 19 y, 260 usd, ["English", "Twi"], video true, featured false, rated 4.7 / 121, "University of Ghana Medical School", "migraine and epilepsy"),
    doc!("Zoë" "Laurent", "female", "ophthalmology", "San Francisco" / "Pacific Heights", 14 y, 240 usd, ["English", "French"], video false, featured true, rated 4.9 / 143, "Université Paris Cité", "cataract surgery and glaucoma"),
    doc!("Hiroshi" "Tanaka", "male", "gastroenterology", "San Francisco" / "Japantown", 22 y, 270 usd, ["English", "Japanese"], video true, featured false, rated 4.8 / 189, "University of Tokyo", "inflammatory bowel disease and endoscopy"),
    doc!("Lucía" "Fernández", "female", "family-medicine", "San Francisco" / "Mission District", 8 y, 110 usd, ["English", "Spanish"], video true, featured true, rated 4.9 / 402, "UCSF School of Medicine", "whole-family primary care and prenatal visits"),
    doc!("Nguyễn" "Văn An", "male", "endocrinology", "San Francisco" / "Sunset District", 16 y, 230 usd, ["English", "Vietnamese"], video true, featured false, rated 4.7 / 88, "Hanoi Medical University", "type 1 and type 2 diabetes, thyroid disease"),
    doc!("Rebecca" "O'Connor", "female", "psychology", "San Francisco" / "Noe Valley", 12 y, 180 usd, ["English"], video true, featured false, rated 4.9 / 134, "Stanford University", "anxiety, burnout and cognitive behavioural therapy"),
    doc!("Arjun" "Mehta", "male", "pulmonology", "San Francisco" / "SoMa", 18 y, 250 usd, ["English", "Hindi", "Gujarati"], video true, featured false, rated 4.6 / 65, "AIIMS New Delhi", "asthma, COPD and sleep apnea"),
    doc!("Björn" "Lindqvist", "male", "sports-medicine", "Chicago" / "Lincoln Park", 10 y, 190 usd, ["English", "Swedish"], video false, featured true, rated 4.8 / 171, "Karolinska Institutet", "running injuries and return-to-sport plans"),
    doc!("Aisha" "Bello", "female", "dermatology", "Chicago" / "Hyde Park", 7 y, 200 usd, ["English", "Hausa"], video true, featured false, rated 4.7 / 59, "University of Chicago", "skin of colour, hair loss and pigmentation"),
    doc!("Marek" "Novák", "male", "urology", "Chicago" / "The Loop", 24 y, 260 usd, ["English", "Czech"], video false, featured false, rated 4.5 / 102, "Charles University", "kidney stones and prostate health"),
    doc!("Grace" "Kim", "female", "pediatrics", "Chicago" / "Wicker Park", 6 y, 150 usd, ["English", "Korean"], video true, featured false, rated 4.9 / 83, "Northwestern University", "adolescent health and vaccinations"),
    doc!("Rafael" "Souza", "male", "cardiology", "Chicago" / "River North", 20 y, 270 usd, ["English", "Portuguese", "Spanish"], video true, featured false, rated 4.8 / 198, "Universidade de São Paulo", "arrhythmia and heart-failure care"),
    doc!("Elena" "Petrova", "female", "rheumatology", "Chicago" / "Lakeview", 15 y, 230 usd, ["English", "Russian"], video true, featured false, rated 4.6 / 71, "Pavlov First Saint Petersburg State Medical University", "rheumatoid arthritis and lupus"),
    doc!("Thomas" "Whitfield", "male", "general-surgery", "Boston" / "Back Bay", 26 y, 320 usd, ["English"], video false, featured false, rated 4.7 / 144, "Harvard Medical School", "hernia and gallbladder surgery"),
    doc!("Sofía" "Ramírez", "female", "allergy-immunology", "Boston" / "Jamaica Plain", 9 y, 200 usd, ["English", "Spanish"], video true, featured true, rated 4.9 / 117, "Boston University", "food allergy testing and hay fever"),
    doc!("Ibrahim" "Yusuf", "male", "nephrology", "Boston" / "Roxbury", 18 y, 240 usd, ["English", "Somali", "Arabic"], video true, featured false, rated 4.7 / 62, "Tufts University", "chronic kidney disease and hypertension"),
    doc!("Chloé" "Dubois", "female", "nutrition-dietetics", "Boston" / "Cambridge", 8 y, 130 usd, ["English", "French"], video true, featured false, rated 4.8 / 96, "McGill University", "diabetes diets and sports nutrition"),
    doc!("Wei" "Zhang", "male", "oncology", "Boston" / "Longwood", 23 y, 350 usd, ["English", "Mandarin", "Cantonese"], video true, featured false, rated 4.9 / 85, "Peking Union Medical College", "lung and breast cancer treatment"),
    doc!("Hannah" "Müller", "female", "ent", "Boston" / "South End & Bay Village", 12 y, 210 usd, ["English", "German"], video false, featured false, rated 4.6 / 54, "Ludwig Maximilian University of Munich", "sinus surgery and hearing loss"),
    doc!("Carlos" "Mendoza", "male", "dentistry", "Austin" / "East Austin", 14 y, 140 usd, ["English", "Spanish"], video false, featured true, rated 4.8 / 233, "UT Health San Antonio", "gentle dentistry, crowns and implants"),
    doc!("Olivia" "Bennett", "female", "geriatrics", "Austin" / "Hyde Park", 22 y, 180 usd, ["English"], video true, featured false, rated 4.9 / 67, "Baylor College of Medicine", "memory care and medication reviews"),
    doc!("Dmitri" "Volkov", "male", "radiology", "Austin" / "Downtown", 16 y, 160 usd, ["English", "Russian"], video true, featured false, rated 4.5 / 38, "Moscow State University of Medicine", "MRI and ultrasound consultations"),
    doc!("Leila" "Karimi", "female", "psychiatry", "Austin" / "South Congress", 11 y, 260 usd, ["English", "Persian"], video true, featured false, rated 4.8 / 109, "Tehran University of Medical Sciences", "anxiety, postpartum depression and trauma"),
    doc!("Marcus" "Johnson", "male", "physiotherapy", "Austin" / "Mueller", 9 y, 120 usd, ["English"], video false, featured false, rated 4.9 / 152, "Texas State University", "post-surgery rehabilitation and back pain"),
    doc!("Ana" "Ribeiro", "female", "infectious-disease", "Seattle" / "Capitol Hill", 17 y, 240 usd, ["English", "Portuguese"], video true, featured false, rated 4.7 / 48, "University of Lisbon", "travel medicine and hepatitis care"),
    doc!("Ethan" "Park", "male", "family-medicine", "Seattle" / "Ballard", 5 y, 115 usd, ["English", "Korean"], video true, featured false, rated 4.6 / 41, "University of Washington", "preventive care and men's health"),
    doc!("Ingrid" "Solberg", "female", "hematology", "Seattle" / "First Hill", 20 y, 280 usd, ["English", "Norwegian"], video true, featured false, rated 4.8 / 57, "University of Oslo", "anemia and clotting disorders"),
    doc!("Omar" "Farouk", "male", "plastic-surgery", "Seattle" / "Queen Anne", 18 y, 330 usd, ["English", "Arabic"], video false, featured false, rated 4.7 / 73, "Cairo University", "reconstructive hand and breast surgery"),
    doc!("Naledi" "Dlamini", "female", "obstetrics-gynecology", "Seattle" / "Fremont", 10 y, 200 usd, ["English", "Zulu"], video true, featured false, rated 0.0 / 0, "University of Cape Town", "fertility and pregnancy care"),
    doc!("Kenji" "Watanabe", "male", "neurology", "Seattle" / "University District", 7 y, 230 usd, ["English", "Japanese"], video true, featured false, rated 0.0 / 0, "Keio University", "sleep disorders and neuropathy"),
    doc!("Nusrat" "Rahman", "female", "general-practice", "Dhaka" / "Gulshan", 12 y, 1500 bdt, ["Bengali", "English"], video true, featured false, rated 4.8 / 96, "Dhaka Medical College", "fever, diabetes and family care"),
    doc!("Isabella" "Rossi", "female", "general-practice", "Chicago" / "Little Italy", 12 y, 125 usd, ["English", "Italian"], video true, featured false, rated 4.8 / 206, "Sapienza University of Rome", "women's health and travel vaccinations"),
];
