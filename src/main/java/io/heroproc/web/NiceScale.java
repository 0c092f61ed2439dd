package io.heroproc.web;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A value axis from zero to a round top, in about four round steps (1, 2, 2.5 or 5 times a power
 * of ten), with headroom: a flat line never sits on the top edge, where it reads as "at the limit".
 */
public record NiceScale(double top, double step) {

    private static final double[] NICE = { 1, 2, 2.5, 5, 10 };

    /** The scale for values up to {@code max}, never below {@code minTop}. */
    static NiceScale of(double max, double minTop) {
        double target = Math.max(max, minTop) / 4;
        double power = Math.pow(10, Math.floor(Math.log10(target)));
        double step = NICE[NICE.length - 1] * power;
        for (double n : NICE) {
            if (n * power >= target) {
                step = n * power;
                break;
            }
        }
        double top = Math.max(step, Math.ceil(Math.max(max, minTop) / step - 1e-9) * step);
        if (max > 0.9 * top) {
            top += step;
        }
        return new NiceScale(top, step);
    }

    /** The tick values from 0 to top. */
    List<Double> ticks() {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i * step <= top + step / 1000; i++) {
            out.add(i * step);
        }
        return out;
    }

    /** 2.5 → "2.5", 4.0 → "4", 0.30000000000000004 → "0.3". */
    static String format(double value) {
        return new BigDecimal(value).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
