// A sparkline in inline SVG: the last `size` values, scaled to the largest. A missing value (null) breaks the line.

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 120;
const HEIGHT = 32;

export class Sparkline {
  constructor(figure, { size = 60, format = (v) => String(v) } = {}) {
    this.svg = figure.querySelector("svg");
    this.output = figure.querySelector("output");
    this.size = size;
    this.format = format;
    this.values = [];
  }

  push(value) {
    this.values.push(value);
    if (this.values.length > this.size) this.values.shift();
  }

  draw() {
    const present = this.values.filter((v) => v !== null);
    const top = Math.max(...present, 1e-9);
    const step = WIDTH / (this.size - 1);
    const offset = this.size - this.values.length;
    const runs = [];
    let run = [];
    this.values.forEach((value, i) => {
      if (value === null) {
        if (run.length) runs.push(run);
        run = [];
        return;
      }
      const x = (offset + i) * step;
      const y = HEIGHT - 1 - (Math.max(value, 0) / top) * (HEIGHT - 2);
      run.push(`${x.toFixed(1)},${y.toFixed(1)}`);
    });
    if (run.length) runs.push(run);
    this.svg.replaceChildren(...runs.map((points) => {
      const line = document.createElementNS(SVG, "polyline");
      // A lone point is drawn as a short flat stroke ending at it, so it shows.
      if (points.length === 1) {
        const [x, y] = points[0].split(",");
        points = [`${Math.max(Number(x) - 2, 0)},${y}`, points[0]];
      }
      line.setAttribute("points", points.join(" "));
      return line;
    }));
    const last = present.at(-1);
    this.output.textContent = last === undefined ? "–" : this.format(last);
  }
}
