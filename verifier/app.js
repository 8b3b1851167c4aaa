// The page: the files dropped are read here, in this browser, and nowhere else (the page's
// Content-Security-Policy, csp.js, forbids it any connection), or the published tiles at the
// one address the user typed (then the only connection the policy allows: GETs of public
// files). French first, English on request.

import { createSHA256 } from 'hash-wasm';
import { initSha256 } from './lib/sha256.js';
import { linesOf, verifyBatches } from './lib/run.js';
import { httpFetcher, verifyTiles } from './lib/tiles.js';
import { InputError } from './lib/verify.js';
import { CheckpointFileError, readOutside } from './lib/checkpoints.js';
import { NoteError, parseVkey } from './lib/note.js';
import { NOT_CHECKED, inputMessage, summary, uncoveredLine } from './lib/messages.js';

const TEXT = {
  fr: {
    title: 'Vérifier le registre de l’assemblée citoyenne',
    brand: 'Registre de l’assemblée citoyenne',
    switch: 'English',
    h1: 'Vérifier le registre vous-même',
    intro: 'Déposez ici l’export du registre et le fichier des points de contrôle, ou donnez l’adresse du registre publié : cette page refait, dans votre navigateur, les calculs qui prouvent que le registre est complet et inchangé, et que le tirage au sort et les scrutins sont ceux qu’il annonce. Rien de vous ne quitte votre ordinateur : la page n’envoie ni vos fichiers ni vos clés, à personne ; d’un registre publié, elle ne fait que lire les fichiers publics, à la seule adresse que vous donnez.',
    noscript: 'Cette vérification est un calcul : elle demande JavaScript. Sans lui, l’outil en ligne de commande fait la même chose : node verifier/cli.mjs.',
    trust: 'Clé du registre à laquelle vous faites confiance',
    'trust-hint': 'La clé publique (vkey) de la Ville, obtenue par un autre canal que le registre : procès-verbal du Conseil, site de la Ville, courrier. Par exemple assembly-record/ASSEMBLY+264d2681+AXm1…',
    witnesses: 'Clés des témoins (facultatif, une par ligne)',
    'witnesses-hint': 'Les témoins indépendants qui contresignent les points de contrôle ; le dernier point de contrôle doit porter le nombre de contresignatures demandé.',
    quorum: 'Contresignatures demandées',
    'quorum-hint': 'Vide : toutes les clés de témoins données.',
    files: 'L’export du registre et le fichier des points de contrôle',
    'files-hint': 'Déposez-les ici ou choisissez-les : l’export (.jsonl, ou .jsonl.gz) écrit par « assembly log export », et les points de contrôle que la Ville publie (« assembly checkpoint --out »).',
    tiles: 'Ou bien : l’adresse du registre publié en tuiles',
    'tiles-hint': 'L’adresse où la Ville publie le registre (« assembly log publish »), par exemple https://registre.paris.fr/log/. La page y lit les fichiers publics du registre (des requêtes GET, sans rien de vous : ni clé, ni fichier, ni cookie) et ne se connecte à rien d’autre ; elle se recharge une fois pour n’autoriser que cette adresse.',
    badTiles: 'l’adresse du registre publié doit être une adresse http(s) complète, sans « ; » ni « , »',
    both: 'donnez l’export ou l’adresse du registre publié, pas les deux',
    cors: 'le serveur est injoignable, ou n’autorise pas cette page à le lire (il doit envoyer Access-Control-Allow-Origin)',
    tilesAt: (p) => `Registre publié lu à ${p} (seuls ses fichiers publics ont été demandés).`,
    go: 'Vérifier',
    result: 'Résultat',
    idle: 'Aucune vérification faite pour l’instant.',
    scope: 'Ce que cette page vérifie, et ce qu’elle ne vérifie pas',
    footer: 'Ce vérificateur est écrit à partir de la spécification du registre (docs/spec), indépendamment du code Python qui l’écrit ; les deux doivent donner le même verdict sur chaque vecteur de test.',
    'not-checked': NOT_CHECKED.fr,
    exportFile: 'export du registre',
    checkpointFile: 'points de contrôle',
    running: 'Vérification en cours…',
    holds: (s) => `Le registre tient : toutes les vérifications de cette page passent (${s}).`,
    fails: (n) => `Le registre ne tient pas : ${n} violation${n > 1 ? 's' : ''}.`,
    inputBad: 'Vérification impossible : ',
    noExport: 'déposez l’export du registre (le fichier .jsonl), ou donnez l’adresse du registre publié',
    noTrust: 'donnez la clé du registre à laquelle vous faites confiance',
    badQuorum: 'le nombre de contresignatures doit être un entier',
    heldTitle: 'Ce qui tient',
    failedTitle: 'Ce qui ne tient pas',
    caption: 'Les violations, par séquence (0 : le registre dans son ensemble)',
    cols: ['Séquence', 'Règle', 'Dossier', 'Attendu', 'Trouvé'],
    whole: 'registre',
    seconds: (t) => `vérifié en ${t.toLocaleString('fr-FR', { maximumFractionDigits: 2 })} s`,
    latest: (c) => `Dernier point de contrôle signé que le registre confirme : ses ${c.tree_size.toLocaleString('fr-FR')} premiers messages, racine ${c.root}.`,
  },
  en: {
    title: 'Check the citizens’ assembly record',
    brand: 'Citizens’ assembly record',
    switch: 'Français',
    h1: 'Check the record yourself',
    intro: 'Drop the record’s export and the checkpoint file here, or give the address of the published record: this page redoes, in your browser, the computations that prove the record complete and unchanged, and the draw and the ballots to be what it says. Nothing of yours leaves your computer: the page sends neither your files nor your keys to anyone; of a published record it only reads the public files, at the one address you give.',
    noscript: 'This check is a computation: it needs JavaScript. Without it, the command-line tool does the same: node verifier/cli.mjs.',
    trust: 'The record’s key you trust',
    'trust-hint': 'The City’s public key (vkey), obtained by another channel than the record: the Council’s minutes, the City’s web site, a letter. For example assembly-record/ASSEMBLY+264d2681+AXm1…',
    witnesses: 'Witnesses’ keys (optional, one a line)',
    'witnesses-hint': 'The independent witnesses who cosign checkpoints; the latest checkpoint must carry the number of cosignatures asked.',
    quorum: 'Cosignatures required',
    'quorum-hint': 'Empty: every witness key given.',
    files: 'The record’s export and the checkpoint file',
    'files-hint': 'Drop them here or choose them: the export (.jsonl, or .jsonl.gz) written by “assembly log export”, and the checkpoints the City publishes (“assembly checkpoint --out”).',
    tiles: 'Or: the address of the record published as tiles',
    'tiles-hint': 'Where the City publishes the record (“assembly log publish”), e.g. https://record.paris.fr/log/. The page reads the record’s public files there (GET requests, with nothing of yours: no key, no file, no cookie) and connects to nothing else; it reloads once to allow that address only.',
    badTiles: 'the address of the published record must be a whole http(s) address, with no “;” or “,”',
    both: 'give the export or the address of the published record, not both',
    cors: 'the server cannot be reached, or does not let this page read it (it must send Access-Control-Allow-Origin)',
    tilesAt: (p) => `Published record read at ${p} (only its public files were asked for).`,
    go: 'Check',
    result: 'Result',
    idle: 'Nothing checked yet.',
    scope: 'What this page checks, and what it does not',
    footer: 'This verifier is written from the record’s specification (docs/spec), independently of the Python code that writes the record; both must give the same verdict on every test vector.',
    'not-checked': NOT_CHECKED.en,
    exportFile: 'record export',
    checkpointFile: 'checkpoints',
    running: 'Checking…',
    holds: (s) => `The record holds: every check of this page passes (${s}).`,
    fails: (n) => `The record does not hold: ${n} violation${n > 1 ? 's' : ''}.`,
    inputBad: 'Cannot check: ',
    noExport: 'drop the record’s export (the .jsonl file), or give the address of the published record',
    noTrust: 'give the record’s key you trust',
    badQuorum: 'the number of cosignatures must be a whole number',
    heldTitle: 'What holds',
    failedTitle: 'What does not hold',
    caption: 'The violations, by sequence (0: the log as a whole)',
    cols: ['Sequence', 'Rule', 'Record', 'Expected', 'Found'],
    whole: 'log',
    seconds: (t) => `checked in ${t.toLocaleString('en', { maximumFractionDigits: 2 })} s`,
    latest: (c) => `Latest signed checkpoint the log matches: its first ${c.tree_size.toLocaleString('en')} messages, root ${c.root}.`,
  },
};

/** What the page checks, each with the rules that tell it failed. */
const CHECKS = [
  { rules: ['stream-config'], fr: 'la configuration du flux : en ajout seul, sans limite, rien ne s’efface', en: 'the stream’s configuration: append-only, no limits, nothing erased' },
  { rules: ['sequence-gap', 'sequence-order'], fr: 'la continuité des numéros de séquence : aucun message manquant ni déplacé', en: 'sequence continuity: no message missing or moved' },
  { rules: ['unknown-subject', 'record-headers', 'subject'], fr: 'les sujets et les en-têtes de chaque message', en: 'every message’s subject and headers' },
  { rules: ['canonical-bytes'], fr: 'les octets canoniques de chaque fait (une seule écriture possible)', en: 'the canonical bytes of every fact (one spelling only)' },
  { rules: ['header-payload', 'future-dated'], fr: 'les en-têtes contre le contenu, et aucun fait daté après son enregistrement', en: 'headers against payloads, and no fact dated after it was stored' },
  { rules: ['version-sequence', 'hash-chain', 'record-digest', 'tracking-position'], fr: 'chaque chaîne de hachages : aucun fait changé, ajouté ou retiré dans un dossier', en: 'every hash chain: no fact changed, added or removed in a record' },
  { rules: ['checkpoint-payload', 'checkpoint-origin', 'checkpoint-key', 'checkpoint-signature', 'checkpoint-size', 'checkpoint-root', 'outside-checkpoint-origin', 'outside-checkpoint-key', 'outside-checkpoint-signature', 'outside-checkpoint-root', 'log-shorter-than-checkpoint', 'equivocation', 'no-checkpoint', 'log-shorter-than-remembered', 'remembered-checkpoint-root', 'log-shorter-than-seen', 'log-changed-since-seen'], fr: 'la racine de Merkle contre chaque point de contrôle signé (Ed25519, par la clé que vous donnez), dans le registre et hors de lui', en: 'the Merkle root against every signed checkpoint (Ed25519, by the key you give), in the log and outside it' },
  { rules: ['witness-quorum'], fr: 'les contresignatures des témoins sur le dernier point de contrôle', en: 'the witnesses’ cosignatures on the latest checkpoint' },
  { rules: ['export-trailer'], fr: 'l’export entier : sa ligne de fin et sa racine', en: 'the whole export: its trailer and its root' },
  { rules: ['tile', 'tiles-root'], fr: 'le registre publié en tuiles : chaque tuile de hachages servie est celle que donnent les entrées, et leur racine est celle signée', en: 'the record published as tiles: every hash tile served is the one the entries give, and their root the one signed' },
  { prefix: 'draw:', fr: 'le tirage au sort en entier : aléa, graine, ticket, panel, réserves, quotas de chaque ticket, probabilités', en: 'the whole draw: randomness, seed, ticket, panel, reserves, each ticket’s quotas, probabilities' },
  { prefix: 'ballot', also: ['as-decided:ballot_closed'], fr: 'le décompte de chaque scrutin contre ses votes enregistrés', en: 'each ballot’s tally against its recorded votes' },
];
const checkOf = (rule) => CHECKS.find((c) => c.rules?.includes(rule) || c.also?.includes(rule) || (c.prefix && rule.startsWith(c.prefix)));

window.verifierStarting = true;
const $ = (id) => document.getElementById(id);
let lang = new URLSearchParams(location.hash.slice(1)).get('lang') === 'en' ? 'en' : 'fr';
let files = [];
let last = null; // the last outcome, to render again on a language switch

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

function translate() {
  const t = TEXT[lang];
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll('[data-i18n]')) {
    const v = t[node.dataset.i18n];
    if (typeof v === 'string') node.textContent = v;
  }
  document.title = t.title;
  $('switch').lang = lang === 'fr' ? 'en' : 'fr';
  $('checks').replaceChildren(...CHECKS.map((c) => el('li', {}, c[lang])));
  showChosen();
  if (last) render(last);
}

async function sniff(file) {
  const head = new Uint8Array(await file.slice(0, 256).arrayBuffer());
  if (head[0] === 0x1f && head[1] === 0x8b) return 'export';
  const text = new TextDecoder().decode(head);
  return text.startsWith('{') && text.includes('"config"') || text.includes('assembly-record-log') ? 'export' : 'checkpoints';
}

async function choose(list) {
  files = await Promise.all([...list].map(async (f) => ({ file: f, kind: await sniff(f) })));
  showChosen();
}

function showChosen() {
  const t = TEXT[lang];
  $('chosen').replaceChildren(...files.map(({ file, kind }) => el('li', {}, `${file.name} (${kind === 'export' ? t.exportFile : t.checkpointFile})`)));
  $('go').disabled = !files.some((f) => f.kind === 'export') && !$('tiles').value.trim();
}

async function* batchesOf(file) {
  let stream = file.stream();
  const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  if (head[0] === 0x1f && head[1] === 0x8b) stream = stream.pipeThrough(new DecompressionStream('gzip'));
  const text = stream.pipeThrough(new TextDecoderStream('utf-8', { fatal: true }));
  let read = 0;
  for await (const batch of linesOf(text)) {
    read += batch.length;
    $('progress').value = Math.min(0.99, read / 20000);
    yield batch;
  }
}

async function check(event) {
  event.preventDefault();
  const t = TEXT[lang];
  const verdict = $('verdict');
  const trust = $('trust').value.trim();
  const witnesses = $('witnesses').value.split(/\s+/).filter(Boolean);
  const q = $('quorum').value.trim();
  const exportFile = files.find((f) => f.kind === 'export')?.file;
  const typed = $('tiles').value.trim();
  const refuse = (why) => {
    last = { input: why };
    render(last);
  };
  if (!exportFile && !typed) return refuse({ text: t.noExport });
  if (exportFile && typed) return refuse({ text: t.both, focus: 'tiles' });
  if (!trust) return refuse({ text: t.noTrust, focus: 'trust' });
  if (q && !/^[0-9]+$/.test(q)) return refuse({ text: t.badQuorum, focus: 'quorum' });
  const prefix = typed ? window.verifierCsp.tilesPrefix(`#${new URLSearchParams({ tiles: typed })}`) : null;
  if (typed && prefix === null) return refuse({ text: t.badTiles, focus: 'tiles' });
  if (typed && prefix !== window.verifierPolicy.tiles) {
    // the policy allows no other address: the page comes back allowing this one, and checks
    const asked = new URLSearchParams({ lang, tiles: prefix, trust, witnesses: witnesses.join(' '), quorum: q, go: '1' });
    location.hash = asked.toString();
    location.reload();
    return;
  }
  verdict.dataset.state = 'running';
  verdict.replaceChildren(el('p', {}, t.running));
  $('details').replaceChildren();
  $('progress').hidden = false;
  const started = performance.now();
  try {
    const outside = [];
    for (const { file, kind } of files) if (kind === 'checkpoints') outside.push(...readOutside(await file.text(), file.name));
    const options = { trust: [trust], witnesses, quorum: q ? Number(q) : null, outside };
    const report = prefix !== null
      ? await verifyTiles(httpFetcher(prefix), prefix, options, (read, size) => ($('progress').value = Math.min(0.99, read / Math.max(1, size))))
      : await verifyBatches(batchesOf(exportFile), options);
    last = { report, seconds: (performance.now() - started) / 1000, witnesses: witnesses.length > 0, tiles: prefix };
  } catch (e) {
    if (e instanceof InputError && e.key === 'no-tiles' && /fetch/i.test(e.params.why)) {
      // a browser tells no more of a refused cross-origin read: say the likely cause
      last = { input: { key: e.key, params: { ...e.params, why: `${e.params.why} — ${t.cors}` } } };
    } else if (e instanceof InputError) last = { input: { key: e.key, params: e.params } };
    else if (e instanceof CheckpointFileError) last = { input: { key: 'bad-checkpoints', params: { why: e.message } } };
    else if (e instanceof NoteError) last = { input: { key: 'bad-key', params: { which: lang === 'fr' ? 'donnée' : 'given', value: [trust, ...witnesses].find((k) => { try { parseVkey(k); return false; } catch { return true; } }) ?? trust }, focus: 'trust' } };
    else if (e instanceof TypeError && prefix !== null) last = { input: { key: 'no-tiles', params: { where: prefix, why: e.message } } };
    else if (e instanceof TypeError) last = { input: { key: /gzip|compress/i.test(e.message) ? 'bad-gzip' : 'not-export' } };
    else last = { input: { key: 'failed', params: { why: String(e?.message ?? e).split('\n')[0] } } };
  } finally {
    $('progress').hidden = true;
  }
  render(last);
}

function render(outcome) {
  const t = TEXT[lang];
  const verdict = $('verdict');
  const details = $('details');
  verdict.dataset.state = 'done';
  if (outcome.input) {
    const i = outcome.input;
    verdict.dataset.holds = 'input';
    verdict.className = 'verdict input';
    verdict.replaceChildren(el('p', {}, t.inputBad + (i.text ?? inputMessage(lang, i.key, i.params)) + '.'));
    details.replaceChildren();
    (i.focus ? $(i.focus) : verdict).focus();
    return;
  }
  const r = outcome.report;
  verdict.dataset.holds = String(r.ok);
  verdict.className = `verdict ${r.ok ? 'ok' : 'bad'}`;
  verdict.replaceChildren(el('p', {}, r.ok ? t.holds(t.seconds(outcome.seconds)) : t.fails(r.violations.length)));
  const failed = new Set(r.violations.map((v) => checkOf(v.rule)).filter(Boolean));
  const shown = CHECKS.filter((c) => (c.rules?.[0] !== 'witness-quorum' || outcome.witnesses) && c.rules?.[0] !== (outcome.tiles ? 'export-trailer' : 'tile'));
  const parts = [];
  const held = shown.filter((c) => !failed.has(c));
  if (held.length) parts.push(el('h3', {}, t.heldTitle), el('ul', { class: 'holds' }, ...held.map((c) => el('li', {}, c[lang]))));
  if (failed.size) {
    parts.push(el('h3', {}, t.failedTitle), el('ul', { class: 'fails' }, ...[...failed].map((c) => el('li', {}, c[lang]))));
    const head = el('tr', {}, ...t.cols.map((c) => el('th', { scope: 'col' }, c)));
    const rows = r.violations.map((v) => {
      const words = lang === 'fr' ? v.fr : v;
      return el('tr', { 'data-rule': v.rule, 'data-seq': String(v.seq) },
        el('td', { class: 'num' }, v.seq === 0 ? t.whole : String(v.seq)),
        el('td', {}, el('code', {}, v.rule)),
        el('td', { class: 'words' }, v.aggregate),
        el('td', { class: 'words' }, words.expected),
        el('td', { class: 'words' }, words.found));
    });
    parts.push(el('table', {}, el('caption', {}, t.caption), el('thead', {}, head), el('tbody', {}, ...rows)));
  }
  if (outcome.tiles) parts.push(el('p', {}, t.tilesAt(outcome.tiles)));
  if (r.latest_checkpoint) parts.push(el('p', {}, t.latest(r.latest_checkpoint)));
  const u = uncoveredLine(lang, r.uncovered);
  if (u) parts.push(el('p', { class: 'warn' }, u));
  parts.push(el('p', { class: 'summary' }, summary(lang, r)));
  details.replaceChildren(...parts);
  verdict.focus();
}

async function start() {
  if (!window.verifierPolicy) throw new Error('csp.js did not set the page’s policy: nothing runs without it');
  await initSha256(createSHA256);
  const params = new URLSearchParams(location.hash.slice(1));
  if (params.get('trust')) $('trust').value = params.get('trust');
  if (params.get('witnesses')) $('witnesses').value = params.get('witnesses').split(' ').join('\n');
  if (params.get('quorum')) $('quorum').value = params.get('quorum');
  if (params.get('tiles')) $('tiles').value = params.get('tiles');
  $('tiles').addEventListener('input', showChosen);
  $('switch').addEventListener('click', () => {
    lang = lang === 'fr' ? 'en' : 'fr';
    translate();
  });
  $('files').addEventListener('change', (e) => choose(e.target.files));
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    choose(e.dataTransfer.files);
  });
  $('form').addEventListener('submit', check);
  translate();
  window.verifierReady = true;
  // back from the reload that allowed the tiles' address: check them, as the user asked
  if (params.get('go') === '1' && window.verifierPolicy.tiles !== null && params.get('tiles') === window.verifierPolicy.tiles) {
    history.replaceState(null, '', `#${[...params].filter(([k]) => k !== 'go').map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`);
    $('form').requestSubmit();
  }
}

start();
