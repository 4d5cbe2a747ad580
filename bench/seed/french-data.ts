/** Realistic French data for seeds and benchmarks (Bordeaux metropolitan area). */
export const FEMALE_FIRST_NAMES = [
  'Camille', 'Léa', 'Manon', 'Chloé', 'Emma', 'Inès', 'Jade', 'Louise', 'Sarah', 'Lina', 'Hélène', 'Élodie', 'Maëlle',
  'Nadia', 'Fatima', 'Yasmine', 'Océane', 'Anaïs', 'Julie', 'Claire', 'Nathalie', 'Sophie', 'Isabelle', 'Christine',
  'Brigitte', 'Monique', 'Françoise', 'Aurélie', 'Mélanie', 'Zoé', 'Amandine', 'Cécile', 'Agnès', 'Josiane', 'Aïcha',
];
export const MALE_FIRST_NAMES = [
  'Lucas', 'Hugo', 'Jules', 'Théo', 'Louis', 'Mathéo', 'Nathan', 'Enzo', 'Léo', 'Gabriel', 'Jérôme', 'François', 'Élie',
  'Mohamed', 'Karim', 'Yanis', 'Sami', 'Thomas', 'Nicolas', 'Julien', 'Pierre', 'Philippe', 'Michel', 'Alain', 'Bernard',
  'Jean', 'Didier', 'Stéphane', 'Cédric', 'Rémi', 'Benoît', 'Loïc', 'Gaël', 'Noé', 'Amine',
];
export const LAST_NAMES = [
  'Martin', 'Bernard', 'Thomas', 'Petit', 'Robert', 'Richard', 'Durand', 'Dubois', 'Moreau', 'Laurent', 'Simon', 'Michel',
  'Lefèvre', 'Lefèbvre', 'Leroy', 'Roux', 'David', 'Bertrand', 'Morel', 'Fournier', 'Girard', 'Bonnet', 'Dupont',
  'Lambert', 'Fontaine', 'Rousseau', 'Vincent', 'Muller', 'Faure', 'André', 'Mercier', 'Blanc', 'Guérin', 'Boyer',
  'Garnier', 'Chevalier', 'François', 'Legrand', 'Gauthier', 'Garcia', 'Perrin', 'Robin', 'Clément', 'Morin', 'Nicolas',
  'Henry', 'Roussel', 'Mathieu', 'Gautier', 'Masson', 'Marchand', 'Duval', 'Denis', 'Dumont', 'Marie', 'Lemaire',
  'Noël', 'Meyer', 'Dufour', 'Meunier', 'Brun', 'Blanchard', 'Giraud', 'Joly', 'Rivière', 'Lucas', 'Brunet', 'Gaillard',
  'Barbier', 'Arnaud', 'Martinez', 'Gérard', 'Roche', 'Renard', 'Schmitt', 'Roy', 'Leroux', 'Colin', 'Vidal', 'Caron',
  'Picard', 'Roger', 'Fabre', 'Aubert', 'Lemoine', 'Renaud', 'Dumas', 'Lacroix', 'Olivier', 'Philippe', 'Bourgeois',
  'Pierre', 'Benoît', 'Rey', 'Leclerc', 'Payet', 'Rolland', 'Leclercq', 'Guillaume', 'Lecomte', 'Lopez', 'Jean',
  'Dupuy', 'Guillot', 'Hubert', 'Berger', 'Carpentier', 'Sanchez', 'Dupuis', 'Moulin', 'Louis', 'Deschamps', 'Huet',
  'Vasseur', 'Perez', 'Boucher', 'Fleury', 'Royer', 'Klein', 'Jacquet', 'Adam', 'Paris', 'Poirier', 'Marty', 'Aubry',
  'Guyot', 'Carré', 'Charles', 'Renault', 'Charpentier', 'Ménard', 'Maillard', 'Baron', 'Bertin', 'Bailly', 'Hervé',
  'Schneider', 'Fernandez', 'Le Gall', 'Collet', 'Léger', 'Bouvier', 'Julien', 'Prévost', 'Millet', 'Perrot', 'Daniel',
  'Nguyen', 'Benali', "N'Diaye", 'Da Silva', 'Goff', 'Silva', 'Traoré', 'Haddad', 'Diallo', 'Cohen',
];
export const STREETS = [
  'rue Sainte-Catherine', 'cours Victor-Hugo', 'rue Lucien-Faure', 'avenue Thiers', 'place Gambetta', 'rue Achard',
  'quai des Chartrons', 'rue du Jardin-Public', 'allée de Boutaut', "cours de l'Intendance", 'rue Judaïque',
  'avenue de la Libération', 'rue de la Benauge', 'cours de la Marne', 'rue Fondaudège', 'avenue Pasteur',
  'rue Camille-Godard', 'boulevard du Président-Wilson', 'rue des Faures', 'chemin de Suzon', 'avenue Jean-Jaurès',
  'rue Pelleport', 'cours Balguerie-Stuttenberg', 'rue de Bègles', 'avenue Gustave-Eiffel',
];
export const TOWNS: { city: string; postcode: string; insee: string; lat: number; lon: number }[] = [
  { city: 'Bordeaux', postcode: '33000', insee: '33063', lat: 44.8378, lon: -0.5792 },
  { city: 'Bordeaux', postcode: '33300', insee: '33063', lat: 44.8635, lon: -0.5645 },
  { city: 'Bordeaux', postcode: '33800', insee: '33063', lat: 44.8238, lon: -0.5625 },
  { city: 'Bordeaux', postcode: '33100', insee: '33063', lat: 44.8411, lon: -0.5522 },
  { city: 'Pessac', postcode: '33600', insee: '33318', lat: 44.8067, lon: -0.6311 },
  { city: 'Talence', postcode: '33400', insee: '33522', lat: 44.8025, lon: -0.5885 },
  { city: 'Mérignac', postcode: '33700', insee: '33281', lat: 44.8386, lon: -0.6436 },
  { city: 'Le Bouscat', postcode: '33110', insee: '33069', lat: 44.8653, lon: -0.5996 },
  { city: 'Bègles', postcode: '33130', insee: '33039', lat: 44.8086, lon: -0.5478 },
  { city: 'Villenave-d’Ornon', postcode: '33140', insee: '33550', lat: 44.7806, lon: -0.5658 },
  { city: 'Cenon', postcode: '33150', insee: '33119', lat: 44.8578, lon: -0.5317 },
  { city: 'Lormont', postcode: '33310', insee: '33249', lat: 44.8792, lon: -0.5217 },
  { city: 'Gradignan', postcode: '33170', insee: '33192', lat: 44.7725, lon: -0.6156 },
  { city: 'Eysines', postcode: '33320', insee: '33162', lat: 44.8836, lon: -0.6500 },
  { city: 'Saint-Médard-en-Jalles', postcode: '33160', insee: '33449', lat: 44.8967, lon: -0.7181 },
];
export const TAGS = ['école', 'transports', 'logement', 'jeunes', 'voisinage', 'santé', 'environnement', 'culture', 'sport', 'commerce'];
