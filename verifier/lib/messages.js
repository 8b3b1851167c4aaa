// What the verifier says to people, in French and in English: the refusals of bad input (one
// sentence each) and the verdict's summary.

export const INPUT = {
  'not-export': {
    fr: () => "ce fichier n’est pas un export du registre (sa première ligne doit être l’en-tête « assembly-record-log » ; `assembly log export` en écrit un)",
    en: () => "this file is not an export of the record (its first line must be the 'assembly-record-log' header; `assembly log export` writes one)",
  },
  'export-version': {
    fr: (p) => `cet export est de la version ${p.version}, que ce vérificateur ne connaît pas (il lit la version 1)`,
    en: (p) => `this export is of version ${p.version}, which this verifier does not know (it reads version 1)`,
  },
  'export-header': {
    fr: () => "l’en-tête de l’export ne donne pas le nom du flux et son préfixe",
    en: () => "the export's header does not give the stream's name and prefix",
  },
  'bad-line': {
    fr: (p) => `la ligne ${p.line} de l’export n’est pas un message lisible (seq, subject, headers, data)`,
    en: (p) => `line ${p.line} of the export is not a readable message (seq, subject, headers, data)`,
  },
  'bad-base64': {
    fr: (p) => `le contenu (data) de la ligne ${p.line} de l’export n’est pas du base64 valide`,
    en: (p) => `the data of line ${p.line} of the export is not valid base64`,
  },
  'after-trailer': {
    fr: (p) => `la ligne ${p.line} de l’export suit sa ligne de fin : le fichier est mal formé`,
    en: (p) => `line ${p.line} of the export comes after its trailer: the file is malformed`,
  },
  'bad-gzip': {
    fr: () => 'ce fichier commence comme un fichier gzip mais ne se décompresse pas : donnez l’export entier, compressé ou non',
    en: () => 'this file starts as a gzip file but does not decompress: give the whole export, compressed or not',
  },
  failed: {
    fr: (p) => `la vérification s’est arrêtée sur ce fichier (${p.why}) ; signalez-le avec le fichier`,
    en: (p) => `the check stopped on this file (${p.why}); report it with the file`,
  },
  'no-file': {
    fr: (p) => `impossible de lire ${p.file} : ${p.why}`,
    en: (p) => `cannot read ${p.file}: ${p.why}`,
  },
  'bad-checkpoints': {
    fr: (p) => `le fichier de points de contrôle n’est pas lisible (${p.why}) ; donnez celui qu’écrit \`assembly checkpoint --out\``,
    en: (p) => `the checkpoint file cannot be read (${p.why}); give the one \`assembly checkpoint --out\` writes`,
  },
  'bad-key': {
    fr: (p) => `la clé ${p.which} n’est pas une clé de vérification valide (nom+identifiant+clé, l’identifiant calculé de la clé) : ${String(p.value).slice(0, 80)}`,
    en: (p) => `the ${p.which} key is not a valid verifier key (name+ID+key, the ID computed from the key): ${String(p.value).slice(0, 80)}`,
  },
  'no-trust': {
    fr: () => "aucune clé épinglée : donnez la clé du registre avec --trust VKEY (obtenue par un autre canal que le registre), ou --trust-any pour ne vérifier que sa cohérence",
    en: () => 'no pinned key: give the log key with --trust VKEY (obtained by another channel than the log), or --trust-any to check only that it is self-consistent',
  },
  'no-tiles': {
    fr: (p) => `aucun registre publié lisible à ${p.where} (${p.why}) ; \`assembly log publish DOSSIER\` en publie un`,
    en: (p) => `no readable published log at ${p.where} (${p.why}); \`assembly log publish DIR\` publishes one`,
  },
  usage: {
    fr: (p) => `${p.why} ; usage : node verifier/cli.mjs EXPORT --checkpoint FICHIER --trust VKEY [--witness VKEY --quorum N] [--json] [--lang fr|en], ou node verifier/cli.mjs --tiles DOSSIER|URL --trust VKEY […]`,
    en: (p) => `${p.why}; usage: node verifier/cli.mjs EXPORT --checkpoint FILE --trust VKEY [--witness VKEY --quorum N] [--json] [--lang fr|en], or node verifier/cli.mjs --tiles DIR|URL --trust VKEY […]`,
  },
};

export const inputMessage = (lang, key, params = {}) => (INPUT[key] ?? INPUT.usage)[lang === 'fr' ? 'fr' : 'en'](params);

export const NOT_CHECKED = {
  fr: "Ce vérificateur ne refait pas la décision de chaque règle de l’assemblée (qui peut agir, l’ordre des faits dans le temps, les quotas tenus par les remplacements, les textes libres…) : c’est le rôle de l’audit Python (`assembly audit verify`). Sur les tuiles publiées, il ne voit pas l’heure d’enregistrement des messages (elle n’est pas dans les feuilles) : « future-dated » n’y est pas vérifié. Il n’écrit aucune mémoire d’un passage à l’autre (il lit celle de l’auditeur si on la lui donne).",
  en: "This verifier does not re-decide every rule of the assembly (who may act, the time order of facts, quotas kept by replacements, free text…): that stays with the Python audit (`assembly audit verify`). On published tiles it does not see when each message was stored (no leaf holds it): `future-dated` is not checked there. Nor does it write any memory from one run to the next (it reads the auditor's when given).",
};

export function summary(lang, r) {
  const n = r.violations.length;
  if (lang === 'fr') {
    return `${r.records.toLocaleString('fr-FR')} messages, ${r.aggregates.toLocaleString('fr-FR')} dossiers, ${r.checkpoints} point${r.checkpoints > 1 ? 's' : ''} de contrôle dans le registre ; racine de Merkle ${r.root} : ${n === 0 ? 'intact' : `${n} violation${n > 1 ? 's' : ''}`}`;
  }
  return `${r.records.toLocaleString('en')} messages, ${r.aggregates.toLocaleString('en')} records, ${r.checkpoints} checkpoint${r.checkpoints === 1 ? '' : 's'} in the log; Merkle root ${r.root}: ${n === 0 ? 'intact' : `${n} violations`}`;
}

export function uncoveredLine(lang, u) {
  if (u === null) return null;
  return lang === 'fr'
    ? `attention : ${u.count.toLocaleString('fr-FR')} message(s) de n° ${u.first_seq} à n° ${u.last_seq}, enregistrés depuis ${u.since}, ne sont encore couverts par aucun point de contrôle : rien de signé n’empêche de les couper ou de les réécrire`
    : `warning: ${u.count.toLocaleString('en')} message(s) from #${u.first_seq} to #${u.last_seq}, stored since ${u.since}, are covered by no checkpoint yet: nothing signed stops them being cut or rewritten`;
}

export function violationLine(lang, v) {
  const where = v.seq === 0 ? (lang === 'fr' ? 'registre' : 'log') : `#${v.seq}`;
  const text = lang === 'fr' ? v.fr : v;
  const agg = v.aggregate ? ` ${v.aggregate}` : '';
  return lang === 'fr'
    ? `${where}${agg} : ${v.rule} : attendu ${text.expected} ; trouvé ${text.found}`
    : `${where}${agg}: ${v.rule}: expected ${text.expected}; found ${text.found}`;
}
