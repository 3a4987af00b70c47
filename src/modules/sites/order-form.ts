/**
 * The built-in order form (seed 003: a local site's form carries the click in a hidden field, filled
 * by the server). Posts to /api/lead on the same host — from the sandboxed page that is a cross-origin
 * request without cookies, which /api/lead's CORS answers — with JavaScript (thank-you message in
 * place) and without it (a plain form post).
 */
export const ORDER_FORM_SNIPPET = `<form class="lr-order" method="post" action="/api/lead">
  <input type="hidden" name="click_id" value="{click}">
  <label>Full name <input name="name" required autocomplete="name"></label>
  <label>Phone <input name="phone" type="tel" required autocomplete="tel"></label>
  <button type="submit">Order now</button>
  <p class="lr-thanks" hidden>Thank you! We will call you shortly.</p>
</form>
<script>
document.querySelectorAll('form.lr-order').forEach(function (form) {
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    fetch(form.action, { method: 'POST', body: new URLSearchParams(new FormData(form)) })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); form.querySelector('.lr-thanks').hidden = false; })
      .catch(function () { form.submit(); });
  });
});
</script>`;

export function orderFormPage(title: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title.replace(/[<>&"]/g, '')}</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 28rem; margin: 2rem auto; padding: 0 1rem; }
label { display: block; margin: 0.75rem 0; }
input { display: block; width: 100%; padding: 0.5rem; font: inherit; box-sizing: border-box; }
button { padding: 0.6rem 1.2rem; font: inherit; cursor: pointer; }
</style>
</head>
<body>
<h1>${title.replace(/[<>&"]/g, '')}</h1>
${ORDER_FORM_SNIPPET}
</body>
</html>
`;
}
