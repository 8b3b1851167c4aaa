// The page's Content-Security-Policy, set by this classic script before anything else loads
// (it is the first element of <head>; a policy can only be narrowed once set, so it cannot be
// written in the HTML and widened later). No connection at all, unless the address of
// published tiles is in the page's fragment (#tiles=URL, put there when the user types it):
// then GET requests to that address and below it only. The fragment never leaves the browser.
(function (scope) {
  var POLICY = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval' 'sha256-zrmUTLthltMCRzIfoZrH6ExtSUBZ89MozLED6N/rQ7U='; style-src 'self'; img-src 'self'; connect-src CONNECT; form-action 'none'; base-uri 'none'";

  /** The prefix of published tiles the fragment names (http or https, nothing but the URL's
   * origin and path, ending in "/"), or null. */
  function tilesPrefix(hash) {
    var asked = new URLSearchParams(String(hash).replace(/^#/, '')).get('tiles');
    if (!asked) return null;
    var u;
    try {
      u = new URL(asked);
    } catch (e) {
      return null;
    }
    if ((u.protocol !== 'https:' && u.protocol !== 'http:') || u.username || u.password) return null;
    var prefix = u.origin + u.pathname.replace(/\/*$/, '/');
    return /[\s;,'"\\]/.test(prefix) ? null : prefix;
  }

  function policy(prefix) {
    return POLICY.replace('CONNECT', prefix === null ? "'none'" : prefix);
  }

  scope.verifierCsp = { tilesPrefix: tilesPrefix, policy: policy };
  if (typeof document === 'undefined') return; // read by the tests in node
  var prefix = tilesPrefix(location.hash);
  var meta = document.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = policy(prefix);
  document.head.appendChild(meta);
  scope.verifierPolicy = { tiles: prefix };
})(typeof window === 'undefined' ? globalThis : window);
