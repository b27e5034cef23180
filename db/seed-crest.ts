/**
 * The demo's coat of arms for the fictional Comune di Bugliano, drawn for Stanza. Blazon (in the Italian manner):
 * "D'azzurro, alla torre d'argento merlata alla guelfa, aperta e finestrata di nero, fondata sopra un monte di tre
 * cime di verde; col capo di rosso caricato di una stella d'oro. Ornamenti esteriori da Comune": the mural crown
 * above, a branch of oak and one of laurel below, tied with a ribbon in the national colours.
 */
export const BUGLIANO_CREST_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 250" width="200" height="250">
<title>Stemma del Comune di Bugliano</title>
<defs>
<clipPath id="scudo"><path d="M52 62H148V148C148 176 126 192 100 204C74 192 52 176 52 148Z"/></clipPath>
</defs>
<g stroke="#2b2b2b" stroke-width="1.5" stroke-linejoin="round">
<path d="M44 52L50 20H150L156 52Z" fill="#b9b9b9"/>
<g fill="#d4d4d4">
<path d="M50 20V8H56V12H60V8H66V20Z"/>
<path d="M72 20V6H78V10H82V6H88V20Z"/>
<path d="M92 20V2H97V6H103V2H108V20Z"/>
<path d="M112 20V6H118V10H122V6H128V20Z"/>
<path d="M134 20V8H140V12H144V8H150V20Z"/>
</g>
<path d="M44 52H156" fill="none"/>
<path d="M47 38H153M49 28H151" fill="none" stroke-width="1"/>
<g fill="#2b2b2b" stroke="none">
<path d="M57 52V45A4 4 0 0 1 65 45V52Z"/><path d="M78 52V44A4 4 0 0 1 86 44V52Z"/><path d="M96 52V43A4 4 0 0 1 104 43V52Z"/><path d="M114 52V44A4 4 0 0 1 122 44V52Z"/><path d="M135 52V45A4 4 0 0 1 143 45V52Z"/>
</g>
</g>
<g clip-path="url(#scudo)">
<rect x="40" y="60" width="120" height="150" fill="#1f5aa6"/>
<rect x="40" y="60" width="120" height="30" fill="#c8102e"/>
<path d="M100 65L103.5 72.5L111.5 73.3L105.5 78.6L107.3 86.5L100 82.4L92.7 86.5L94.5 78.6L88.5 73.3L96.5 72.5Z" fill="#f2c200" stroke="#7a5d00" stroke-width=".8"/>
<path d="M40 210V176C52 168 60 160 70 164C78 150 90 146 100 150C110 146 122 150 130 164C140 160 148 168 160 176V210Z" fill="#2e8b3d" stroke="#1b4f24" stroke-width="1.5"/>
<g stroke="#3a3a3a" stroke-width="1.5">
<path d="M80 162V110H120V162Z" fill="#eef0f2"/>
<path d="M78 110V98H85V103H90V98H97V103H103V98H110V103H115V98H122V110Z" fill="#eef0f2"/>
<path d="M80 116H120M80 130H120M80 144H120M92 110V116M108 110V116M86 116V130M100 116V130M114 116V130M92 130V144M108 130V144" fill="none" stroke="#9aa3ab" stroke-width="1"/>
<path d="M93 162V148A7 7 0 0 1 107 148V162Z" fill="#1a1a1a"/>
<path d="M88 128V121A3 3 0 0 1 94 121V128Z M106 128V121A3 3 0 0 1 112 121V128Z" fill="#1a1a1a"/>
</g>
</g>
<path d="M52 62H148V148C148 176 126 192 100 204C74 192 52 176 52 148Z" fill="none" stroke="#2b2b2b" stroke-width="3"/>
<g fill="none" stroke="#5b3a1a" stroke-width="2.5" stroke-linecap="round">
<path d="M96 228C70 222 44 198 38 150C36 128 40 104 46 86"/>
<path d="M104 228C130 222 156 198 162 150C164 128 160 104 154 86"/>
</g>
<g fill="#4f7d2a" stroke="#2f4f17" stroke-width=".8">
<path transform="translate(44 96) rotate(-70)" d="M0 0C5-6 13-6 17 0C13 6 5 6 0 0Z"/><path transform="translate(40 118) rotate(-100)" d="M0 0C5-6 13-6 17 0C13 6 5 6 0 0Z"/><path transform="translate(41 140) rotate(-80)" d="M0 0C5-6 13-6 17 0C13 6 5 6 0 0Z"/><path transform="translate(44 162) rotate(-115)" d="M0 0C5-6 13-6 17 0C13 6 5 6 0 0Z"/><path transform="translate(52 182) rotate(-95)" d="M0 0C5-6 13-6 17 0C13 6 5 6 0 0Z"/><path transform="translate(64 200) rotate(-130)" d="M0 0C5-6 13-6 17 0C13 6 5 6 0 0Z"/><path transform="translate(44 108) rotate(200)" d="M0 0C5-6 13-6 17 0C13 6 5 6 0 0Z"/><path transform="translate(42 130) rotate(170)" d="M0 0C5-6 13-6 17 0C13 6 5 6 0 0Z"/><path transform="translate(46 152) rotate(190)" d="M0 0C5-6 13-6 17 0C13 6 5 6 0 0Z"/><path transform="translate(54 172) rotate(160)" d="M0 0C5-6 13-6 17 0C13 6 5 6 0 0Z"/><path transform="translate(66 192) rotate(175)" d="M0 0C5-6 13-6 17 0C13 6 5 6 0 0Z"/><path transform="translate(78 210) rotate(150)" d="M0 0C5-6 13-6 17 0C13 6 5 6 0 0Z"/>
</g>
<g fill="#6f9a3a" stroke="#3d5a1c" stroke-width=".8">
<path transform="translate(156 96) rotate(-110) scale(1.1 .7)" d="M0 0C5-6 13-6 17 0C13 6 5 6 0 0Z"/><path transform="translate(160 118) rotate(-80) scale(1.1 .7)" d="M0 0C5-6 13-6 17 0C13 6 5 6 0 0Z"/><path transform="translate(159 140) rotate(-100) scale(1.1 .7)" d="M0 0C5-6 13-6 17 0C13 6 5 6 0 0Z"/><path transform="translate(156 162) rotate(-65) scale(1.1 .7)" d="M0 0C5-6 13-6 17 0C13 6 5 6 0 0Z"/><path transform="translate(148 182) rotate(-85) scale(1.1 .7)" d="M0 0C5-6 13-6 17 0C13 6 5 6 0 0Z"/><path transform="translate(136 200) rotate(-50) scale(1.1 .7)" d="M0 0C5-6 13-6 17 0C13 6 5 6 0 0Z"/><path transform="translate(156 108) rotate(-20) scale(1.1 .7)" d="M0 0C5-6 13-6 17 0C13 6 5 6 0 0Z"/><path transform="translate(158 130) rotate(10) scale(1.1 .7)" d="M0 0C5-6 13-6 17 0C13 6 5 6 0 0Z"/><path transform="translate(154 152) rotate(-10) scale(1.1 .7)" d="M0 0C5-6 13-6 17 0C13 6 5 6 0 0Z"/><path transform="translate(146 172) rotate(20) scale(1.1 .7)" d="M0 0C5-6 13-6 17 0C13 6 5 6 0 0Z"/><path transform="translate(134 192) rotate(5) scale(1.1 .7)" d="M0 0C5-6 13-6 17 0C13 6 5 6 0 0Z"/><path transform="translate(122 210) rotate(30) scale(1.1 .7)" d="M0 0C5-6 13-6 17 0C13 6 5 6 0 0Z"/>
</g>
<g stroke="#2b2b2b" stroke-width="1">
<path d="M72 222L100 230L96 240L70 232Z" fill="#009246"/>
<path d="M128 222L100 230L104 240L130 232Z" fill="#ce2b37"/>
<path d="M92 224H108V236H92Z" fill="#ffffff"/>
<path d="M70 232L62 246L74 240Z" fill="#009246"/><path d="M130 232L138 246L126 240Z" fill="#ce2b37"/>
</g>
</svg>
`;
