/**
 * Every way we know for HTML or SVG to name a resource, each as markup that
 * names its own host: `host(tag)` gives the host name for one vector, so a
 * test can tell which vector reached the network. The sanitiser's test
 * checks that none of these names survives; the e2e network tests write them
 * all into one file, preview it, and read Chromium's net log (or, in Firefox
 * and WebKit, a recording proxy).
 */

export type HostFor = (tag: string) => string

/** HTML vectors, by tag. */
export function htmlVectors(host: HostFor): Record<string, string> {
  const url = (tag: string) => `http://${host(tag)}/`
  return {
    iframe: `<iframe src="${url('iframe')}"></iframe>`,
    'iframe-srcdoc': `<iframe srcdoc="<img src='${url('iframe-srcdoc')}x.png'>"></iframe>`,
    frameset: `<frameset><frame src="${url('frame')}"></frameset>`,
    object: `<object data="${url('object')}"></object>`,
    'object-codebase': `<object codebase="${url('object-codebase')}" classid="x"></object>`,
    embed: `<embed src="${url('embed')}">`,
    applet: `<applet code="A.class" codebase="${url('applet')}"></applet>`,
    'link-preconnect': `<link rel="preconnect" href="${url('link-preconnect')}">`,
    'link-dns-prefetch': `<link rel="dns-prefetch" href="//${host('link-dns-prefetch')}">`,
    'link-prefetch': `<link rel="prefetch" href="${url('link-prefetch')}">`,
    'link-preload': `<link rel="preload" as="image" href="${url('link-preload')}" imagesrcset="${url('link-imagesrcset')}a.png 1x">`,
    'link-stylesheet': `<link rel="stylesheet" href="${url('link-stylesheet')}s.css">`,
    'link-icon': `<link rel="icon" href="${url('link-icon')}favicon.ico">`,
    'link-modulepreload': `<link rel="modulepreload" href="${url('link-modulepreload')}m.js">`,
    'link-prerender': `<link rel="prerender" href="${url('link-prerender')}">`,
    'link-manifest': `<link rel="manifest" href="${url('link-manifest')}m.json">`,
    base: `<base href="${url('base')}"><img src="relative.png">`,
    anchor: `<a id="leak-link" href="${url('anchor')}">a link</a>`,
    'anchor-ping': `<a href="#x" ping="${url('anchor-ping')}">ping</a>`,
    area: `<map name="m"><area shape="rect" coords="0,0,9,9" href="${url('area')}"></map>`,
    img: `<img src="${url('img')}x.png">`,
    srcset: `<img srcset="${url('srcset')}x.png 2x">`,
    picture: `<picture><source srcset="${url('picture')}x.webp"><img alt="p"></picture>`,
    lowsrc: `<img lowsrc="${url('lowsrc')}x.png" dynsrc="${url('dynsrc')}x.avi" longdesc="${url('longdesc')}">`,
    'input-image': `<input type="image" src="${url('input-image')}x.png">`,
    video: `<video src="${url('video')}v.mp4" poster="${url('poster')}p.png"><track src="${url('track')}t.vtt"></video>`,
    audio: `<audio><source src="${url('audio')}a.mp3"></audio>`,
    'style-element': `<style>body { background: url(${url('style-url')}bg.png) }</style>`,
    'style-import': `<style>@import "${url('style-import')}x.css"; @import url(${url('style-import-url')}y.css);</style>`,
    'style-font-face': `<style>@font-face { font-family: f; src: url(${url('font-face')}f.woff) } p { font-family: f }</style>`,
    'style-escaped': `<style>div { background-image: u\\72 l(${url('style-escaped')}e.png) }</style>`,
    'style-image-set': `<style>div { background-image: image-set("${url('image-set')}a.png" 1x) }</style>`,
    'style-custom-property': `<style>:root { --bg: url(${url('custom-property')}c.png) } div { background: var(--bg) }</style>`,
    'style-nested': `<style>@media screen { @supports (display: grid) { div { cursor: url(${url('style-nested')}c.cur), auto } } }</style>`,
    'style-attribute': `<div style="background-image: url('${url('style-attribute')}x.png')">styled</div>`,
    'style-attribute-escaped': `<div style="list-style-image: \\75 rl(${url('style-attribute-escaped')}x.png)">escaped</div>`,
    'style-breakout': `<style>p::after { content: "</style><iframe src='${url('style-breakout')}'></iframe>" }</style>`,
    'meta-refresh': `<meta http-equiv="refresh" content="0; url=${url('meta-refresh')}">`,
    'meta-csp-report': `<meta http-equiv="Content-Security-Policy" content="img-src 'none'; report-uri ${url('meta-report')}">`,
    form: `<form action="${url('form')}"><button id="leak-submit">send</button></form>`,
    formaction: `<button formaction="${url('formaction')}">go</button>`,
    'body-background': `<body background="${url('body-background')}bg.png">`,
    'table-background': `<table background="${url('table-background')}t.png"><tr><td background="${url('td-background')}d.png">cell</td></tr></table>`,
    blockquote: `<blockquote cite="${url('cite')}">quoted</blockquote>`,
    'html-manifest': `<html manifest="${url('html-manifest')}app.appcache">`,
    script: `<script src="${url('script')}s.js"></script>`,
    'svg-image': `<svg><image href="${url('svg-image')}i.png" width="9" height="9"/></svg>`,
    'svg-xlink': `<svg xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="${url('svg-xlink')}i.png" width="9" height="9"/></svg>`,
    'svg-use': `<svg><use href="${url('svg-use')}s.svg#a"/></svg>`,
    'svg-feimage': `<svg><filter id="f"><feImage href="${url('svg-feimage')}f.png"/></filter></svg>`,
    'svg-anchor': `<svg><a href="${url('svg-anchor')}"><text y="20">svg link</text></a></svg>`,
    'svg-set': `<svg><a><set attributeName="href" to="${url('svg-set')}"/><text y="20">set</text></a></svg>`,
    'svg-fill': `<svg><rect width="9" height="9" fill="url(${url('svg-fill')}p.svg#g)"/></svg>`,
    'svg-style': `<svg><style>rect { fill: url(${url('svg-style')}p.svg#g) }</style><rect width="9" height="9"/></svg>`,
    'svg-foreign-object': `<svg><foreignObject width="99" height="99"><iframe src="${url('foreign-object')}"></iframe></foreignObject></svg>`,
    'math-href': `<math href="${url('math')}"><mi>x</mi></math>`,
    'template-noscript': `<template><img src="${url('template')}"></template><noscript><img src="${url('noscript')}"></noscript>`,
  }
}

/** The same kinds of reference inside an SVG file. */
export function svgVectors(host: HostFor): Record<string, string> {
  const url = (tag: string) => `http://${host(tag)}/`
  return {
    'svg-file-image': `<image href="${url('svg-file-image')}i.png" width="9" height="9"/>`,
    'svg-file-xlink': `<image xlink:href="${url('svg-file-xlink')}i.png" width="9" height="9"/>`,
    'svg-file-use': `<use href="${url('svg-file-use')}u.svg#a"/>`,
    'svg-file-style': `<style>@import url(${url('svg-file-import')}s.css); rect { fill: url(${url('svg-file-style')}f.svg#p) }</style>`,
    'svg-file-foreign': `<foreignObject width="9" height="9"><iframe xmlns="http://www.w3.org/1999/xhtml" src="${url('svg-file-foreign')}"/></foreignObject>`,
    'svg-file-anchor': `<a href="${url('svg-file-anchor')}"><text y="20">link</text></a>`,
  }
}

/** One HTML file holding every HTML vector, once for each host naming. */
export function htmlFile(...hosts: HostFor[]): string {
  const vectors = hosts.flatMap((host) => Object.values(htmlVectors(host)))
  return `<!doctype html><html><head><title>vectors</title></head><body><h1>Every vector</h1>${vectors.join('\n')}</body></html>`
}

/** One SVG file holding every SVG vector, once for each host naming. */
export function svgFile(...hosts: HostFor[]): string {
  const vectors = hosts.flatMap((host) => Object.values(svgVectors(host)))
  return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="40">${vectors.join('')}<text y="30">svg vectors</text></svg>`
}
