@echo off
rem Installe puis ouvre l'application sous Windows (Python 3.11+ requis : https://www.python.org).
rem Utilisation : scripts\run-app.bat [FICHIER]
setlocal
set ROOT=%~dp0..
if not exist "%ROOT%\.venv\Scripts\python.exe" py -3 -m venv "%ROOT%\.venv" || goto :nopython
"%ROOT%\.venv\Scripts\python.exe" -m pip install --quiet --disable-pip-version-check -e "%ROOT%" || goto :eof
if "%~1"=="" ( "%ROOT%\.venv\Scripts\opendata-desktop.exe" app --exemple ) else ( "%ROOT%\.venv\Scripts\opendata-desktop.exe" app "%~1" )
goto :eof
:nopython
echo Python 3.11 ou plus recent est necessaire : installez-le depuis https://www.python.org puis relancez.
