import { box, drawingOrder, effectiveFit, length, outputDuration, valueAt, visibleAt } from './layout.js';
import { SchemaCheck } from './schema.js';

const editor = document.getElementById('request');
const problemsList = document.getElementById('problems');
const stage = document.getElementById('stage');
const slider = document.getElementById('time');
const sliderValue = document.getElementById('time-value');
const progress = document.getElementById('progress');
const statusText = document.getElementById('status');
const result = document.getElementById('result');

const state = { check: null, request: null, job: null };
window.playground = state; // for the browser tests and for curious users

/** Where the browser can load a source: http(s) as is, the service's own s3:// objects through the local stack. */
function mediaUrl(source) {
  if (/^https?:\/\//i.test(source)) return source;
  if (/^s3:\/\//i.test(source)) return `/playground/media?source=${encodeURIComponent(source)}`;
  return null;
}

function parse() {
  try {
    return { body: JSON.parse(editor.value) };
  } catch (e) {
    return { problems: [{ field: 'body', message: `is not valid JSON: ${e.message}` }] };
  }
}

function showProblems(problems) {
  problemsList.replaceChildren(...problems.map((p) => {
    const item = document.createElement('li');
    item.textContent = `${p.field}: ${p.message}`;
    item.dataset.field = p.field;
    return item;
  }));
}

/** Validates against the served schema and redraws the preview. */
function refresh() {
  const parsed = parse();
  if (parsed.problems) {
    showProblems(parsed.problems);
    return;
  }
  state.request = parsed.body;
  showProblems(state.check ? state.check.requestProblems(parsed.body) : []);
  const duration = outputDuration(parsed.body);
  slider.max = String(duration);
  draw(parsed.body, Number(slider.value));
}

/** Lays the elements out at output time t, one CSS pixel per output pixel, as the renderer does. */
function draw(request, t) {
  const width = Number(request.width) || 16, height = Number(request.height) || 16;
  stage.style.width = `${width}px`;
  stage.style.height = `${height}px`;
  stage.style.background = request.background_color || '#000000';
  const duration = outputDuration(request);
  const layers = [];
  let z = 0;
  for (const { element } of drawingOrder(request.elements || [])) {
    z++;
    if (!element || element.type === 'audio' || !visibleAt(element, t, duration)) continue;
    const local = t - Number(element.time ?? 0);
    const keyframes = element.keyframes || {};
    const values = {};
    for (const property of ['x', 'y', 'width', 'height']) {
      const value = valueAt(keyframes[property], local, property === 'x' || property === 'width' ? width : height);
      if (value !== undefined) values[property] = typeof value === 'number' ? Math.round(value) : value;
    }
    const b = box(element, width, height, values);
    const layer = document.createElement('div');
    layer.className = 'element';
    layer.dataset.id = element.id ?? '';
    Object.assign(layer.style, { left: `${b.x}px`, top: `${b.y}px`, width: `${b.width}px`, height: `${b.height}px`, zIndex: String(z) });
    const opacity = valueAt(keyframes.opacity, local) ?? element.opacity ?? 1;
    layer.style.opacity = String(opacity);
    const scale = valueAt(keyframes.scale, local) ?? 1, rotation = valueAt(keyframes.rotation, local) ?? 0;
    if (scale !== 1 || rotation !== 0) layer.style.transform = `rotate(${rotation}deg) scale(${scale})`;
    if (element.type === 'text') {
      layer.classList.add('text');
      const text = document.createElement('span');
      text.textContent = element.text ?? '';
      text.style.textAlign = element.text_align || 'center';
      layer.style.fontFamily = `"${element.font_family || 'DejaVu Sans'}"`;
      layer.style.fontSize = `${length(element.font_size, height, '5%')}px`;
      layer.style.color = element.color || '#FFFFFF';
      if (element.background_color) layer.style.background = element.background_color;
      layer.append(text);
    } else {
      const url = mediaUrl(element.source || '');
      if (url) {
        const media = document.createElement(element.type === 'video' ? 'video' : 'img');
        media.src = url;
        if (element.type === 'video') {
          media.muted = true;
          media.preload = 'auto';
          media.addEventListener('loadeddata', () => { media.currentTime = Number(element.trim_start ?? 0) + local; }, { once: true });
        }
        media.style.objectFit = effectiveFit(element.fit_mode, b, width, height);
        layer.append(media);
      }
    }
    layers.push(layer);
  }
  stage.replaceChildren(...layers);
  sliderValue.textContent = `${t.toFixed(2)} s`;
}

async function submit() {
  const parsed = parse();
  if (parsed.problems) return showProblems(parsed.problems);
  statusText.textContent = 'submitting…';
  progress.value = 0;
  const answer = await fetch('/v1/videocreate', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: editor.value });
  const body = await answer.json();
  state.job = body;
  if (answer.status === 400) {
    showProblems(body.details || [{ field: body.field || 'body', message: body.message }]);
    statusText.textContent = 'refused';
    return;
  }
  if (answer.status === 202) {
    follow(body.job_id);
  } else {
    finished(body);
  }
}

/** Progress from the job's Server-Sent Events, then the video. */
function follow(jobId) {
  const events = new EventSource(`/v1/videoresult/${jobId}/events`);
  // the stream names its events "job"
  events.addEventListener('job', (message) => {
    const job = JSON.parse(message.data);
    state.job = job;
    progress.value = job.status === 'completed' ? 100 : job.progress_percentage ?? 0;
    statusText.textContent = `${job.status}${job.current_step ? ` (${job.current_step})` : ''}`;
    if (['completed', 'failed', 'cancelled', 'timeout', 'expired'].includes(job.status)) {
      events.close();
      finished(job);
    }
  });
}

function finished(job) {
  progress.value = job.status === 'completed' ? 100 : progress.value;
  statusText.textContent = job.status === 'completed' ? `done: ${job.duration}, ${job.file_size}` : `${job.status}: ${job.message}`;
  if (job.status === 'completed') {
    result.src = job.result_url;
    result.play().catch(() => {});
  }
}

/** Dropped files go through POST /v1/uploads and become elements of the request. */
async function upload(file) {
  const grant = await fetch('/v1/uploads', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ filename: file.name, content_type: file.type || 'application/octet-stream', size_bytes: file.size }),
  }).then((r) => r.json());
  if (!grant.upload_url) return showProblems(grant.details || [{ field: 'upload', message: grant.message }]);
  // every signed header but Content-Length, which the browser sets itself
  const headers = Object.fromEntries(Object.entries(grant.upload_headers).filter(([name]) => name.toLowerCase() !== 'content-length'));
  const put = await fetch(grant.upload_url, { method: 'PUT', headers, body: file });
  if (!put.ok) return showProblems([{ field: 'upload', message: `storage answered ${put.status}` }]);
  const request = parse().body || { width: 1280, height: 720, elements: [] };
  const type = file.type.startsWith('video/') ? 'video' : file.type.startsWith('audio/') ? 'audio' : 'image';
  request.elements = [...(request.elements || []), { type, source: grant.source }];
  editor.value = JSON.stringify(request, null, 2);
  refresh();
}

async function loadExamples() {
  const examples = await fetch('/playground/examples.json').then((r) => r.json());
  const nav = document.getElementById('examples');
  for (const example of examples) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = example.name;
    button.addEventListener('click', () => { editor.value = JSON.stringify(example.request, null, 2); refresh(); });
    nav.append(button);
  }
  if (!editor.value) editor.value = JSON.stringify(examples[0].request, null, 2);
}

editor.addEventListener('input', refresh);
slider.addEventListener('input', () => state.request && draw(state.request, Number(slider.value)));
document.getElementById('submit').addEventListener('click', submit);
document.addEventListener('dragover', (e) => { e.preventDefault(); document.body.classList.add('dropping'); });
document.addEventListener('dragleave', () => document.body.classList.remove('dropping'));
document.addEventListener('drop', (e) => {
  e.preventDefault();
  document.body.classList.remove('dropping');
  [...e.dataTransfer.files].forEach(upload);
});

state.ready = (async () => {
  state.check = new SchemaCheck(await fetch('/v1/openapi.json').then((r) => r.json()));
  await loadExamples();
  refresh();
})();
state.refresh = refresh;
state.draw = (t) => { slider.value = String(t); draw(state.request, t); };
