#!/usr/bin/env bash
# Generates the media the example requests use, with the same FFmpeg the renderer uses.
# Usage: examples/make-media.sh [output-dir]   (default: examples/media)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/media}"
mkdir -p "$out"
ffmpeg="${FFMPEG_PATH:-$("$here/../bin/videogen" ffmpeg-path)}"
run() { "$ffmpeg" -hide_banner -loglevel error -nostdin -y "$@"; }

make() {
  local name="$1"; shift
  if [ -s "$out/$name" ]; then return; fi
  echo "making $name" >&2
  run "$@" "$out/$name.part.${name##*.}"
  mv "$out/$name.part.${name##*.}" "$out/$name"
}

# 1080p moving background with sound, 60 s (the 10 s examples trim it)
make background.mp4 -f lavfi -i "testsrc2=s=1920x1080:r=30:d=60" \
  -f lavfi -i "aevalsrc=0.2*sin(2*PI*220*t)*(0.6+0.4*sin(2*PI*0.5*t)):s=48000:d=60" \
  -c:v libx264 -preset veryfast -crf 23 -pix_fmt yuv420p -g 60 -c:a aac -b:a 128k -movflags +faststart
# a second, 4:3 clip for a picture-in-picture
make inset.mp4 -f lavfi -i "smptebars=s=640x480:r=30:d=30" -f lavfi -i "sine=f=880:d=30" \
  -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac -b:a 96k
# a logo with a transparent margin
make logo.png -f lavfi -i "color=c=0x1e88e5:s=400x160,format=rgba,pad=440:200:20:20:color=0x00000000" -frames:v 1
# a full-frame overlay: a translucent dark band at the bottom
make lower-third.png -f lavfi -i "color=c=black@0.6:s=1920x300,format=rgba,pad=1920:1080:0:780:color=black@0" -frames:v 1
# music: a soft two-note chord, 60 s
make music.mp3 -f lavfi -i "aevalsrc=0.15*sin(2*PI*261.6*t)+0.15*sin(2*PI*329.6*t):s=48000:d=60" -c:a libmp3lame -b:a 128k
# captions for the caption examples: WebVTT whose inline timestamps time each word
cat > "$out/captions.vtt" <<'VTT'
WEBVTT

00:00:00.500 --> 00:00:03.000
Captions <00:00:01.000>from <00:00:01.400>a <00:00:01.600>WebVTT <00:00:02.200>file

00:00:03.200 --> 00:00:06.000
each <00:00:03.700>word <00:00:04.200>lights <00:00:04.700>up <00:00:05.100>when <00:00:05.500>spoken

00:00:06.200 --> 00:00:09.500
עברית, العربية, हिन्दी, ไทย, 中文 and emoji 🎬✨
VTT
# twelve 4:3 photos for the slideshow, each a different picture
sources=("mandelbrot=s=1600x1200" "testsrc2=s=1600x1200" "smptehdbars=s=1600x1200" "rgbtestsrc=s=1600x1200"
         "cellauto=s=1600x1200:rule=110" "life=s=1600x1200:mold=10:ratio=0.5:death_color=#1E88E5" "testsrc=s=1600x1200"
         "gradients=s=1600x1200:c0=orange:c1=purple" "mandelbrot=s=1600x1200:start_scale=0.5" "yuvtestsrc=s=1600x1200"
         "gradients=s=1600x1200:c0=teal:c1=yellow:x0=800:y0=600:x1=0:y1=0" "pal100bars=s=1600x1200")
for i in "${!sources[@]}"; do
  make "$(printf 'photo-%02d.jpg' $((i + 1)))" -f lavfi -i "${sources[$i]}" -frames:v 1 -q:v 3
done
echo "media in $out" >&2
