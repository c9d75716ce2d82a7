; 绩效自评填报助手: per-user installer (no administrator, no network). Built by installer/windows/build.py:
;   makensis /INPUTCHARSET UTF8 /DSTAGE=<staged tree> /DOUTFILE=<setup.exe> /DVERSION=<x.y.z> [/DSTANDIN] installer.nsi
; The staged tree holds python\ (the embeddable CPython, its ._pth pointing at ..\Lib\site-packages),
; Lib\site-packages\ (our wheel and every locked wheel, unpacked) and app.ico.
Unicode true
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "WinVer.nsh"
!include "FileFunc.nsh"

!define APP_NAME "绩效自评填报助手"
!define APP_ID "budget-report-wizard"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define PROGID "BudgetReportWizard.Draft"
!define DRAFT_EXT ".json"
!define CLASSES "Software\Classes"
!define LAUNCH_ARGS "-m gui.app"

Name "${APP_NAME}"
!ifdef STANDIN
Caption "${APP_NAME} ${VERSION} 安装（测试构建：不含 Python 运行时）"
!endif
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP_NAME}"
Icon "${STAGE}\app.ico"
UninstallIcon "${STAGE}\app.ico"
BrandingText "${APP_NAME} ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APP_NAME} 安装程序"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "MIT"

!define MUI_ICON "${STAGE}\app.ico"
!define MUI_UNICON "${STAGE}\app.ico"
!define MUI_FINISHPAGE_RUN "$INSTDIR\python\pythonw.exe"
!define MUI_FINISHPAGE_RUN_PARAMETERS "${LAUNCH_ARGS}"
!define MUI_FINISHPAGE_RUN_TEXT "现在打开 ${APP_NAME}"
!define MUI_WELCOMEPAGE_TEXT "本程序将把 ${APP_NAME} 安装到您自己的用户目录，不需要管理员权限，也不联网。$\r$\n$\r$\n草稿保存在本机 %LOCALAPPDATA%\${APP_ID}，卸载程序时不会删除。$\r$\n$\r$\n点击“下一步”继续。"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

Function .onInit
  ; Qt 6 needs Windows 10 1809 (build 17763) or later; a 64-bit stub already refuses 32-bit Windows.
  ${IfNot} ${AtLeastBuild} 17763
    MessageBox MB_OK|MB_ICONSTOP "${APP_NAME} 需要 Windows 10（1809 版或更新）或 Windows 11。" /SD IDOK
    SetErrorLevel 3
    Quit
  ${EndIf}
  SetShellVarContext current
FunctionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

Section "${APP_NAME}" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; An update replaces the program files wholesale, so no module of an older version lingers.
  RMDir /r "$INSTDIR\python"
  RMDir /r "$INSTDIR\Lib"
  File /r "${STAGE}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  ; Shortcuts: working folder = the install folder (SetOutPath above).
  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\python\pythonw.exe" "${LAUNCH_ARGS}" "$INSTDIR\app.ico" 0 SW_SHOWNORMAL "" "${APP_NAME}：填写、检查并导出部门整体支出绩效自评报告"
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\python\pythonw.exe" "${LAUNCH_ARGS}" "$INSTDIR\app.ico" 0 SW_SHOWNORMAL "" "${APP_NAME}：填写、检查并导出部门整体支出绩效自评报告"

  ; 程序和功能 / 应用和功能 (per user).
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\app.ico"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0

  ; The portable draft file (导出草稿文件… writes .json): our ProgID, offered under “打开方式” for .json.
  WriteRegStr HKCU "${CLASSES}\${PROGID}" "" "绩效自评草稿文件"
  WriteRegStr HKCU "${CLASSES}\${PROGID}\DefaultIcon" "" "$INSTDIR\app.ico"
  WriteRegStr HKCU "${CLASSES}\${PROGID}\shell\open" "" "用 ${APP_NAME} 打开"
  WriteRegStr HKCU "${CLASSES}\${PROGID}\shell\open\command" "" '"$INSTDIR\python\pythonw.exe" ${LAUNCH_ARGS} "%1"'
  WriteRegStr HKCU "${CLASSES}\${DRAFT_EXT}\OpenWithProgids" "${PROGID}" ""
  ; .json is a general format: become its default only where this user has none, and remember that we did.
  ReadRegStr $0 HKCU "${CLASSES}\${DRAFT_EXT}" ""
  ${If} $0 == ""
  ${OrIf} $0 == "${PROGID}"
    WriteRegStr HKCU "${CLASSES}\${DRAFT_EXT}" "" "${PROGID}"
    WriteRegDWORD HKCU "${UNINSTALL_KEY}" "OwnsDraftExtension" 1
  ${EndIf}
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

Section "Uninstall"
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"
  ; Only what we installed (and what Python wrote beside it, __pycache__): the folder goes only if empty.
  ; The drafts are elsewhere (%LOCALAPPDATA%\${APP_ID}) and are kept.
  RMDir /r "$INSTDIR\python"
  RMDir /r "$INSTDIR\Lib"
  Delete "$INSTDIR\app.ico"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  ReadRegDWORD $0 HKCU "${UNINSTALL_KEY}" "OwnsDraftExtension"
  ReadRegStr $1 HKCU "${CLASSES}\${DRAFT_EXT}" ""
  ${If} $0 == 1
  ${AndIf} $1 == "${PROGID}"
    DeleteRegValue HKCU "${CLASSES}\${DRAFT_EXT}" ""
  ${EndIf}
  DeleteRegValue HKCU "${CLASSES}\${DRAFT_EXT}\OpenWithProgids" "${PROGID}"
  DeleteRegKey /ifempty HKCU "${CLASSES}\${DRAFT_EXT}\OpenWithProgids"
  DeleteRegKey /ifempty HKCU "${CLASSES}\${DRAFT_EXT}"
  DeleteRegKey HKCU "${CLASSES}\${PROGID}"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd
