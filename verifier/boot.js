// A classic script, which browsers run even where they refuse modules: opened from a file
// (file://), Chromium refuses to load this page's modules; say so, and how to open it.
window.addEventListener('load', function () {
  if (window.verifierStarting) return; // set by app.js as soon as the modules run
  var fr = document.documentElement.lang !== 'en';
  var where = location.protocol === 'file:';
  var text = fr
    ? (where
        ? 'Ce navigateur refuse de lancer la vérification depuis un fichier ouvert directement. Servez ce dossier par un serveur local, sans réseau, par exemple « python3 -m http.server -d verifier », puis ouvrez http://localhost:8000/ ; ou utilisez l’outil en ligne de commande (node verifier/cli.mjs).'
        : 'La vérification n’a pas pu démarrer dans ce navigateur ; l’outil en ligne de commande fait la même chose (node verifier/cli.mjs).')
    : (where
        ? 'This browser refuses to run the check from a file opened directly. Serve this folder with a local server, no network needed, e.g. “python3 -m http.server -d verifier”, then open http://localhost:8000/; or use the command-line tool (node verifier/cli.mjs).'
        : 'The check could not start in this browser; the command-line tool does the same (node verifier/cli.mjs).');
  var verdict = document.getElementById('verdict');
  verdict.className = 'verdict input';
  verdict.textContent = text;
});
